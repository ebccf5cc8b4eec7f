import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../random'
import { ALL_PI_STREAMS, PI_ELEMENTS, PI_STREAMS } from './pi-catalog'
import { PiValueSource, piTimestamp, streamItem, valueItem } from './pi-values'

const NOW = 1_706_357_108_000
const byName = (name: string) => ALL_PI_STREAMS.find((stream) => stream.name === name)!

describe('PI Web API values', () => {
  it('writes timestamps as PI Web API does', () => {
    expect(piTimestamp(NOW)).toBe('2024-01-27T12:05:08Z')
    expect(piTimestamp(NOW + 250)).toBe('2024-01-27T12:05:08.2500000Z')
  })

  it('gives every stream a stable, unique WebId', () => {
    const ids = ALL_PI_STREAMS.map((stream) => stream.webId)
    expect(new Set(ids).size).toBe(ids.length)
    expect(PI_STREAMS[0]!.webId).toMatch(/^F1DP[\w-]{38}$/)
    expect(PI_ELEMENTS[0]!.webId).toMatch(/^F1Em[\w-]{38}$/)
    expect(PI_ELEMENTS[0]!.attributes[0]!.path).toBe('\\\\PIAF01\\Plant\\Pump 101|Flow')
  })

  it('builds stream items with every documented field, booleans real or strings', () => {
    const values = new PiValueSource(mulberry32(1), () => NOW, 0)
    const water = byName('Water')
    const reading = values.read(water, NOW)
    const item = streamItem(water, [reading], 'native')
    expect(Object.keys(item)).toEqual([
      'WebId',
      'Name',
      'Path',
      'Links',
      'UnitsAbbreviation',
      'Items',
    ])
    expect(item.Items[0]).toEqual({
      Timestamp: '2024-01-27T12:05:08Z',
      Value: expect.any(Number),
      UnitsAbbreviation: 'm',
      Good: true,
      Questionable: expect.any(Boolean),
      Substituted: expect.any(Boolean),
      Annotated: expect.any(Boolean),
    })
    const alarm = byName('High Vibration')
    const legacy = valueItem(alarm, values.read(alarm, NOW), 'string')
    expect(legacy.Good).toBe('true')
    expect(['true', 'false']).toContain(legacy.Value)
    expect(['true', 'false']).toContain(legacy.Questionable)
  })

  it('keeps digital states as {Name, Value} objects, and bad readings as system states', () => {
    const values = new PiValueSource(mulberry32(2), () => NOW, 0)
    const status = byName('Status')
    for (let i = 0; i < 20; i++) {
      expect(['Active', 'Inactive']).toContain(
        (values.read(status, NOW).value as { Name: string }).Name,
      )
    }
    expect(values.read(status, NOW).value).toEqual({
      Name: expect.any(String),
      Value: expect.any(Number),
    })
    const bad = new PiValueSource(mulberry32(2), () => NOW, 1).read(byName('Flow'), NOW)
    expect(bad).toMatchObject({ good: false, value: { IsSystem: true } })
  })

  it('spreads readings over the interval, now and then out of time order', () => {
    const values = new PiValueSource(mulberry32(3), () => NOW, 0)
    const flow = byName('Flow')
    let outOfOrder = 0
    for (let i = 0; i < 200; i++) {
      const times = values.readings(flow, 4, 1000).map((reading) => reading.timestampMs)
      for (const time of times) expect(time).toBeGreaterThan(NOW - 1000)
      if (times.some((time, index) => index > 0 && time < times[index - 1]!)) outOfOrder++
    }
    expect(outOfOrder).toBeGreaterThan(5)
    expect(outOfOrder).toBeLessThan(100)
    // The latest reading is what includeInitialValues reports.
    expect(values.currentReading(flow).timestampMs).toBeLessThanOrEqual(NOW)
  })
})
