import { describe, expect, it } from 'vitest'
import type { VigilEvent } from '../../../shared/domain'
import { FieldCatalogue } from './field-catalogue'

let nextId = 1
function event(payload: unknown, extra: Partial<VigilEvent> = {}): VigilEvent {
  return { id: nextId++, sourceId: 'pi', type: 'value', receivedAt: 1_000, payload, ...extra }
}

describe('FieldCatalogue', () => {
  it('learns paths (arrays as *), value types and samples, counting a path once per event', () => {
    const catalogue = new FieldCatalogue()
    catalogue.observe(
      event({
        Items: [
          { Name: 'Water', Value: 2.3, Good: true },
          { Name: 'Steam', Value: { Name: 'Active', Value: 1 }, Good: 'true' },
        ],
        'odd.key': null,
      }),
    )
    catalogue.observe(event({ Items: [] }, { receivedAt: 2_000 }))
    const [entry] = catalogue.get()
    expect(entry).toMatchObject({ sourceId: 'pi', type: 'value', events: 2, sampled: 2 })
    expect(entry!.fields).toEqual([
      {
        path: 'Items',
        types: ['array'],
        samples: [],
        seen: 2,
        firstSeenAt: 1_000,
        lastSeenAt: 2_000,
      },
      expect.objectContaining({ path: 'Items.*', types: ['object'], seen: 1 }),
      expect.objectContaining({
        path: 'Items.*.Good',
        types: ['string', 'boolean'],
        samples: [true, 'true'],
      }),
      expect.objectContaining({ path: 'Items.*.Name', samples: ['Water', 'Steam'], seen: 1 }),
      expect.objectContaining({
        path: 'Items.*.Value',
        types: ['number', 'object'],
        samples: [2.3],
      }),
      expect.objectContaining({ path: 'Items.*.Value.Name', samples: ['Active'] }),
      expect.objectContaining({ path: 'Items.*.Value.Value', types: ['number'] }),
      expect.objectContaining({
        path: '["odd.key"]',
        types: ['null'],
        samples: [null],
        lastSeenAt: 1_000,
      }),
    ])
  })

  it('walks every event of a new type, then only a few a second', () => {
    const catalogue = new FieldCatalogue({ fullWalks: 3, walksPerSecond: 2 })
    // 20 events over one second: learning walks at 0, 50 and 100 ms, then one 500 ms later.
    for (let i = 0; i < 20; i++) {
      catalogue.observe(
        event({ n: String(i), ...(i === 10 ? { rare: 'x' } : {}) }, { receivedAt: i * 50 }),
      )
    }
    const [entry] = catalogue.get()
    expect(entry!.events).toBe(20)
    expect(entry!.sampled).toBe(4)
    expect(entry!.lastSeenAt).toBe(950)
    expect(entry!.fields.find((f) => f.path === 'n')).toMatchObject({ seen: 4, lastSeenAt: 600 })
    expect(entry!.fields.find((f) => f.path === 'rare')).toBeUndefined()
  })

  it('keeps within its bounds', () => {
    const catalogue = new FieldCatalogue({
      maxPathsPerType: 3,
      maxTypesPerSource: 2,
      maxSamples: 2,
      maxSampleChars: 4,
    })
    catalogue.observe(event({ a: 'abcdefgh', b: '1', c: '2', d: '3' }))
    catalogue.observe(event({ a: 'x' }))
    catalogue.observe(event({ a: 'y' }))
    catalogue.observe(event({}, { type: 'second' }))
    catalogue.observe(event({}, { type: 'third' }))
    const entries = catalogue.get()
    expect(entries.map((e) => e.type)).toEqual(['second', 'value'])
    const value = entries[1]!
    expect(value.truncated).toBe(true)
    expect(value.fields.map((f) => f.path)).toEqual(['a', 'b', 'c'])
    expect(value.fields[0]!.samples).toEqual(['abcd…', 'x'])
  })

  it('filters by source and type, and hands out what changed once', () => {
    const catalogue = new FieldCatalogue()
    catalogue.observe(event({ a: 1 }))
    catalogue.observe(event({ b: 1 }, { sourceId: 'other', type: 'x' }))
    expect(catalogue.get({ source: 'other' }).map((e) => e.type)).toEqual(['x'])
    expect(catalogue.get({ type: 'value' }).map((e) => e.sourceId)).toEqual(['pi'])
    expect(catalogue.drainDirty()).toHaveLength(2)
    expect(catalogue.drainDirty()).toEqual([])
    catalogue.observe(event({ a: 2 }))
    expect(catalogue.drainDirty().map((e) => e.type)).toEqual(['value'])
  })

  it('restores saved entries and goes on counting from them', () => {
    const first = new FieldCatalogue()
    first.observe(event({ a: 'one' }))
    const second = new FieldCatalogue()
    second.restore(first.get())
    expect(second.get()).toEqual(first.get())
    second.observe(event({ a: 'two' }, { receivedAt: 5_000 }))
    expect(second.get()[0]).toMatchObject({ events: 2, lastSeenAt: 5_000 })
    expect(second.get()[0]!.fields[0]).toMatchObject({ seen: 2, samples: ['one', 'two'] })
  })
})
