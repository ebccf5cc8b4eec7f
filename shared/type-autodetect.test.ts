import { describe, expect, it } from 'vitest'
import { detectTypeFields, TypeFieldTally, MAX_CANDIDATE_VALUES } from './type-autodetect'

/** Census event payloads as the stream sends them: every value a string, ids long and unique. */
function censusPayloads(count: number): Record<string, string>[] {
  const names = [
    'Death',
    'GainExperience',
    'PlayerLogin',
    'VehicleDestroy',
    'Death',
    'FacilityControl',
  ]
  return Array.from({ length: count }, (_, i) => ({
    event_name: names[i % names.length]!,
    character_id: String(5428010618015189000n + BigInt(i * 7919)),
    timestamp: String(1706357108 + i),
    world_id: ['1', '10', '13'][i % 3]!,
    zone_id: String(2 + (i % 4)),
    ...(i % 3 === 0 ? { is_headshot: String(i % 2) } : {}),
  }))
}

describe('event type autodetect', () => {
  it('finds Census event_name among ids, timestamps and numbered fields', () => {
    const [best, ...rest] = detectTypeFields(censusPayloads(10))
    expect(best).toMatchObject({ path: 'event_name', coverage: 1 })
    // Most frequent first, then by name.
    expect(best!.values).toEqual([
      'Death',
      'GainExperience',
      'PlayerLogin',
      'VehicleDestroy',
      'FacilityControl',
    ])
    expect(best!.score).toBeGreaterThan(0.5)
    // Unique values (ids, timestamps) are never proposed; numbered fields rank well below.
    expect(rest.map((candidate) => candidate.path)).not.toContain('character_id')
    expect(rest.map((candidate) => candidate.path)).not.toContain('timestamp')
    for (const candidate of rest) expect(candidate.score).toBeLessThan(best!.score / 2)
  })

  it('finds a nested type (NeuroIO-style `data.result`) and an ebsockets-style `event`', () => {
    const neuro = Array.from({ length: 12 }, (_, i) => ({
      action: 'EVENT',
      data: {
        result: ['match', 'new', 'reinit'][i % 3],
        face_id: `f-${i}-${i * 31}`,
        confidence: 0.5 + i / 100,
      },
    }))
    const found = detectTypeFields(neuro)
    expect(found[0]).toMatchObject({ path: 'data.result', values: ['match', 'new', 'reinit'] })
    // A constant is a weak candidate, below a field that varies.
    expect(found.find((candidate) => candidate.path === 'action')!.score).toBeLessThan(
      found[0]!.score,
    )

    const ebsockets = Array.from({ length: 8 }, (_, i) => ({
      event: i % 2 ? 'chat' : 'join',
      user: `user${i}`,
      text: `hello number ${i}`,
    }))
    expect(detectTypeFields(ebsockets)[0]).toMatchObject({ path: 'event', coverage: 1 })
  })

  it('wants a field present in most events', () => {
    const payloads = [
      ...Array.from({ length: 3 }, () => ({ kind: 'a' })),
      ...Array.from({ length: 7 }, (_, i) => ({ other: `x${i}` })),
    ]
    expect(detectTypeFields(payloads).map((candidate) => candidate.path)).not.toContain('kind')
  })

  it('answers nothing for no events, or events with nothing type-like', () => {
    expect(detectTypeFields([])).toEqual([])
    expect(detectTypeFields([1, 'text', null, [1, 2]])).toEqual([])
    expect(detectTypeFields([{ id: 'a' }, { id: 'b' }, { id: 'c' }])).toEqual([])
  })

  it('quotes keys a plain path cannot hold', () => {
    const payloads = Array.from({ length: 4 }, (_, i) => ({ 'event.kind': i % 2 ? 'a' : 'b' }))
    expect(detectTypeFields(payloads)[0]?.path).toBe('["event.kind"]')
  })

  it('stays bounded whatever a payload holds', () => {
    const tally = new TypeFieldTally()
    // Deep nesting, thousands of keys, long strings, many distinct values, inherited names.
    let deep: Record<string, unknown> = { type: 'leaf' }
    for (let i = 0; i < 10_000; i++) deep = { next: deep }
    const wide = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, `v${i % 3}`]))
    const hostile = JSON.parse('{"__proto__": {"type": "x"}, "constructor": "y"}') as unknown
    for (let i = 0; i < 100; i++) {
      tally.add(deep)
      tally.add(wide)
      tally.add(hostile)
      tally.add({ type: `t${i}`, long: 'x'.repeat(10_000), big: { arr: [1, 2, 3] } })
    }
    expect(tally.size).toBe(400)
    const candidates = tally.candidates()
    expect(candidates.length).toBeLessThanOrEqual(5)
    for (const candidate of candidates) {
      expect(candidate.values.length).toBeLessThanOrEqual(MAX_CANDIDATE_VALUES)
      expect(candidate.path).not.toBe('long')
    }
    // More distinct values than a type has: not proposed.
    expect(candidates.map((candidate) => candidate.path)).not.toContain('type')
  })
})
