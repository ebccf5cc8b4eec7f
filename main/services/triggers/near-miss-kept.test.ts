import fc from 'fast-check'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import type { VigilEvent } from '../../../shared/domain'
import { keptOf } from '../events/kept-event'
import { ManualClock } from '../testing/manual-clock'
import { eventArb, eventOf, triggerArb, type EventDraft } from '../testing/trigger-arbitraries'
import { trigger } from '../testing/trigger-fixtures'
import { TriggerEngine } from './trigger-engine'

/** An event as the flow has it: parsed from its frame's text, which the rings may keep instead. */
function received(draft: EventDraft, id: number, at: number): { event: VigilEvent; text: string } {
  const text = JSON.stringify({ payload: draft.payload ?? null, service: 'event' })
  const payload = (JSON.parse(text) as { payload: unknown }).payload
  return { event: { ...eventOf(draft, id, at), payload }, text }
}

/** An engine on `clock` whose value index keys any keyable trigger, run when `settle` says. */
function engineOn(clock: ManualClock): { engine: TriggerEngine; settle: () => void } {
  const queue: (() => void)[] = []
  const engine = new TriggerEngine({
    clock,
    schedule: (run) => queue.push(run),
    valueIndex: { minKeyed: 1 },
  })
  return { engine, settle: () => queue.splice(0).forEach((run) => run()) }
}

describe('near-misses held as frame text', () => {
  it('explain exactly what near-misses held as parsed events explain, keyed or not', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 8 })
          .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => triggerArb(`t${i}`)))),
        fc.array(fc.array(eventArb, { minLength: 1, maxLength: 30 }), { maxLength: 8 }),
        (triggers, reads) => {
          const clock = new ManualClock(Date.UTC(2025, 0, 6, 12))
          const parsed = engineOn(clock)
          const asText = engineOn(clock)
          for (const side of [parsed, asText]) side.engine.setTriggers(triggers)
          let id = 1
          for (const read of reads) {
            for (const draft of read) {
              clock.advance(draft.gap)
              const { event, text } = received(draft, id++, clock.now())
              parsed.engine.accept(event, text.length)
              asText.engine.accept(event, text.length, keptOf(event, text, 'payload'))
            }
            parsed.settle()
            asText.settle()
          }
          for (const { id: triggerId } of triggers)
            expect(asText.engine.nearMissReport(triggerId)).toEqual(
              parsed.engine.nearMissReport(triggerId),
            )
          expect(asText.engine.list()).toEqual(parsed.engine.list())
        },
      ),
    )
  })

  it('do not hold the parsed payloads of events that came with their frame text', async () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 6, 12))
    const { engine, settle } = engineOn(clock)
    // One trigger tested on every Death, one looked up by value: both keep near-misses.
    engine.setTriggers([
      trigger({
        id: 'plain',
        events: ['Death'],
        condition: { field: 'payload.x', op: 'contains', value: '9' },
      }),
      trigger({
        id: 'keyed',
        events: ['Death'],
        condition: { field: 'payload.character_id', op: 'eq', value: '1' },
      }),
    ])
    const refs: WeakRef<object>[] = []
    // In a function of its own, so that no variable of this test's frame holds the last payload.
    const receive = (id: number) => {
      const text = JSON.stringify({ payload: { character_id: `5428${id}`, x: 'a' } })
      const payload = (JSON.parse(text) as { payload: object }).payload
      refs.push(new WeakRef(payload))
      const event: VigilEvent = {
        id,
        sourceId: 'ps2',
        type: 'Death',
        receivedAt: clock.now(),
        payload,
      }
      engine.accept(event, text.length, keptOf(event, text, 'payload'))
    }
    for (let id = 1; id <= 20; id++) receive(id)
    settle()
    // A WeakRef's target stays alive until the job that made it ends.
    await new Promise((resolve) => setTimeout(resolve, 0))
    setFlagsFromString('--expose-gc')
    ;(runInNewContext('gc') as () => void)()
    expect(refs.flatMap((ref, i) => (ref.deref() === undefined ? [] : [i + 1]))).toEqual([])
    // Still explained: parsed again from their text.
    for (const triggerId of ['plain', 'keyed']) {
      const report = engine.nearMissReport(triggerId)
      expect(report.nearMisses.map((miss) => miss.eventId)).toEqual(
        Array.from({ length: 20 }, (_, i) => 20 - i),
      )
      expect(report.nearMisses.every((miss) => miss.failing !== null)).toBe(true)
    }
  })
})
