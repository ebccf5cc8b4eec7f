import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ChangedState } from '../../../shared/conditions/changed-state'
import { MAX_KEY_CHARS } from '../../../shared/compact-key'
import type { VigilEvent } from '../../../shared/domain'
import { FieldCatalogue } from '../catalogue/field-catalogue'
import { censusEvent, trigger } from '../testing/trigger-fixtures'
import { NEAR_MISS_BUDGET_BYTES, NearMissRing } from './near-misses'
import { NoiseState } from './noise-control'
import { TriggerEngine } from './trigger-engine'

const MIB = 1024 * 1024

/** The keys a map holds, by their total length: what the state costs in characters. */
const chars = (keys: Iterable<string>) => [...keys].reduce((sum, key) => sum + key.length, 0)

describe('Near-miss rings in bytes', () => {
  it('keep at most their byte share, newest first, and always the newest event', () => {
    const ring = new NearMissRing(false, 1_000)
    const condition = { explain: () => ({ verdict: false, leaves: [] }) } as never
    for (let id = 1; id <= 10; id++) ring.record(censusEvent({}, { id }), undefined, 300)
    expect(ring.report(condition).map((m) => m.eventId)).toEqual([10, 9, 8])
    expect(ring.bytes).toBe(900)
    ring.record(censusEvent({}, { id: 11 }), undefined, 5_000)
    expect(ring.report(condition).map((m) => m.eventId)).toEqual([11])
  })

  describe('in the trigger engine', () => {
    let engine: TriggerEngine
    beforeEach(() => {
      engine = new TriggerEngine({})
    })
    afterEach(() => engine.dispose())

    it('share one budget among all triggers, counting each event by its frame', () => {
      engine.setTriggers([
        trigger({ id: 'a', condition: { field: 'payload.world_id', op: 'eq', value: 'none' } }),
        trigger({ id: 'b', condition: { field: 'payload.world_id', op: 'eq', value: 'none' } }),
      ])
      // 40 events of a megabyte each: a trigger's half of the budget holds 16 of them.
      for (let i = 0; i < 40; i++) engine.accept(censusEvent({}), MIB)
      const kept = engine.nearMisses('a')
      expect(kept).toHaveLength(NEAR_MISS_BUDGET_BYTES / 2 / MIB)
      expect(engine.nearMisses('b')).toHaveLength(16)
      // Small events still fill the usual 50.
      for (let i = 0; i < 60; i++) engine.accept(censusEvent({}), 200)
      expect(engine.nearMisses('a')).toHaveLength(50)
    })

    it('bound the near-misses of triggers looked up by value the same way', () => {
      // Eight triggers keyed on world_id: looked up by value, their near-misses kept lazily.
      const keyed = Array.from({ length: 8 }, (_, n) =>
        trigger({
          id: `w${n}`,
          condition: { field: 'payload.world_id', op: 'eq', value: `w${n}` },
        }),
      )
      engine.setTriggers(keyed)
      for (let i = 0; i < 40; i++) engine.accept(censusEvent({}), MIB)
      engine.accept(censusEvent({ world_id: 'w0' }), MIB)
      // A share is 4 MiB: the four newest misses, for the trigger that matched and for the rest.
      expect(engine.nearMisses('w0')).toHaveLength(4)
      expect(engine.nearMisses('w1')).toHaveLength(4)
      expect(engine.view('w1').counters.evaluated).toBe(41)
      for (let i = 0; i < 60; i++) engine.accept(censusEvent({}), 200)
      expect(engine.nearMisses('w1')).toHaveLength(50)
    })
  })
})

describe('Keys rendered from events', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('noise control remembers long dedupe and cooldown keys by digest, and still tells them apart', () => {
    const noise = new NoiseState(
      { singleShot: false, snoozeUntil: null, quietHours: [], critical: false, dedupeMs: 60_000 },
      { id: 't', name: 'T' },
    )
    const big = (text: string): VigilEvent => censusEvent({ text: text.repeat(MIB) })
    expect(noise.decide(big('a'), 0)).toBeNull()
    expect(noise.decide(big('a'), 1)).toBe('dedupe')
    expect(noise.decide(big('b'), 2)).toBeNull()
    const seen = (noise as unknown as { seen: Map<string, number> }).seen
    expect(seen.size).toBe(2)
    expect(chars(seen.keys())).toBeLessThan(2 * MAX_KEY_CHARS)
  })

  it('`changed` memory keeps long keys and values by digest', () => {
    const text = (event: VigilEvent) => (event.payload as { text: string }).text
    const state = new ChangedState(text, text, 10_000)
    for (const letter of ['a', 'b', 'c']) state.commit(censusEvent({ text: letter.repeat(MIB) }))
    const byType = (state as unknown as { byType: Map<string, Map<string, unknown>> }).byType
    const memory = byType.get('Death')!
    expect(memory.size).toBe(3)
    expect(chars(memory.keys()) + chars([...memory.values()] as string[])).toBeLessThan(
      6 * MAX_KEY_CHARS,
    )
    // The same megabyte value again is no change; another is one.
    const again = censusEvent({ text: 'a'.repeat(MIB) })
    expect(state.differs(state.previousOf(again), again)).toBe(false)
  })

  it('the field catalogue leaves out keys and paths a stream made too long to be field names', () => {
    const catalogue = new FieldCatalogue()
    catalogue.observe(
      censusEvent({}, { payload: { ['k'.repeat(MIB)]: 1, short: 'x'.repeat(MIB), ok: 2 } }),
    )
    const [entry] = catalogue.get()
    expect(entry!.fields.map((field) => field.path)).toEqual(['ok', 'short'])
    expect(entry!.truncated).toBe(true)
    // Samples are shortened too.
    expect(JSON.stringify(entry).length).toBeLessThan(2_000)
  })

  it("a notification's text is clipped, however large the field its template names", () => {
    const engine = new TriggerEngine({})
    const shown: { title: string; body: string }[] = []
    engine.onDidNotify((notification) => shown.push(notification))
    engine.setTriggers([
      trigger({
        actions: [{ type: 'notify', title: '{{payload.text}}', body: 'body {{payload.text}}' }],
      }),
    ])
    engine.handle(censusEvent({ text: 'y'.repeat(MIB) }))
    engine.flush()
    engine.dispose()
    expect(shown.map((n) => [n.title.length, n.body.length])).toEqual([[300, 3_000]])
    expect(shown[0]!.title.endsWith('…')).toBe(true)
  })
})
