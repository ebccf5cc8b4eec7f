import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { VigilEvent } from '../../../shared/domain'
import type { TriggerConfig } from '../../../shared/trigger-config'
import { MemoryCounterStore, MemoryFiringLog } from '../notify/notification-log'
import { ManualClock } from '../testing/manual-clock'
import {
  conditionArb,
  eventArb,
  eventOf,
  triggerArb,
  type EventDraft,
} from '../testing/trigger-arbitraries'
import { censusEvent, trigger } from '../testing/trigger-fixtures'
import { withEndings } from './ending-conditions'
import { NEAR_MISSES_PER_TRIGGER } from './near-misses'
import { TriggerEngine } from './trigger-engine'
import type { ValueIndexOptions } from './trigger-index'

/** An engine with everything it does recorded, run on a clock and schedule the test moves. */
function recorded(valueIndex: ValueIndexOptions | false) {
  const clock = new ManualClock(Date.UTC(2025, 0, 6, 12))
  const queue: (() => void)[] = []
  const firings = new MemoryFiringLog()
  const counters = new MemoryCounterStore()
  const engine = new TriggerEngine({
    clock,
    firings,
    counters,
    valueIndex,
    schedule: (run) => queue.push(run),
  })
  const notifications: string[] = []
  engine.onDidNotify((n) => notifications.push(`${n.triggerId} ${n.eventId} ${n.title} ${n.body}`))
  return {
    engine,
    clock,
    /** Runs what the engine scheduled (a read's evaluation, then its actions) until none is left. */
    settle: () => {
      while (queue.length > 0) queue.shift()!()
    },
    /** Everything anyone can see of the engine's evaluation so far. */
    outcome: (ids: readonly string[]) => ({
      triggers: engine.list(),
      // With the summary of "why", which must cover what the lazily copied near-misses cover.
      nearMisses: ids.map((id) => (engine.has(id) ? engine.nearMissReport(id) : null)),
      firings: [...firings.firings],
      notifications: [...notifications],
      stored: counters.load(),
    }),
  }
}

type Step =
  | { kind: 'read'; events: EventDraft[] }
  | { kind: 'handle'; event: EventDraft }
  | { kind: 'look' }
  | { kind: 'reconfigure'; edits: ({ drop: boolean; flip: boolean } | null)[] }

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc
      .array(eventArb, { minLength: 1, maxLength: 30 })
      .map((events): Step => ({ kind: 'read', events })),
    weight: 8,
  },
  { arbitrary: eventArb.map((event): Step => ({ kind: 'handle', event })), weight: 3 },
  { arbitrary: fc.constant<Step>({ kind: 'look' }), weight: 2 },
  {
    arbitrary: fc
      .array(fc.option(fc.record({ drop: fc.boolean(), flip: fc.boolean() })), { maxLength: 12 })
      .map((edits): Step => ({ kind: 'reconfigure', edits })),
    weight: 1,
  },
)

const triggersArb = fc
  .integer({ min: 1, max: 12 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => triggerArb(`t${i}`))))

/** The same, with `ends-with` leaves (keyed by their endings) where they had `starts-with`. */
const endingTriggersArb = triggersArb.map((triggers) =>
  triggers.map((config) => ({ ...config, condition: withEndings(config.condition) })),
)

/** The triggers after a reconfigure step: some dropped, some switched on or off. */
function reconfigured(triggers: TriggerConfig[], edits: Step & { kind: 'reconfigure' }) {
  return triggers.flatMap((config, i) => {
    const edit = edits.edits[i]
    if (!edit) return [config]
    if (edit.drop) return []
    return [edit.flip ? { ...config, enabled: !config.enabled } : config]
  })
}

describe('the value index', () => {
  // With one keyable trigger enough, every keyable trigger is keyed; with three, some types are
  // looked up by value and others not, and a trigger of both kinds of type is not keyed at all.
  it.each([
    [1, 'starts-with'],
    [3, 'starts-with'],
    [1, 'ends-with'],
  ])(
    'gives the outcome of testing every trigger (keyed from %i a type, %s leaves): counters, firings in order, near-misses',
    (minKeyed, text) => {
      fc.assert(
        fc.property(
          text === 'ends-with' ? endingTriggersArb : triggersArb,
          fc.array(stepArb, { minLength: 1, maxLength: 25 }),
          (initial, steps) => {
            const indexed = recorded({ minKeyed })
            const plain = recorded(false)
            const both = [indexed, plain]
            let triggers: TriggerConfig[] = initial
            const ids = initial.map((t) => t.id)
            for (const side of both) side.engine.setTriggers(triggers)
            let nextId = 1
            let at = indexed.clock.now()
            const receive = (draft: EventDraft): VigilEvent => {
              for (const side of both) side.clock.advance(draft.gap)
              at += draft.gap
              return eventOf(draft, nextId++, at)
            }
            for (const step of steps) {
              if (step.kind === 'read') {
                const events = step.events.map(receive)
                for (const side of both) {
                  for (const event of events) side.engine.accept(event)
                  side.settle()
                }
              } else if (step.kind === 'handle') {
                const event = receive(step.event)
                for (const side of both) {
                  side.engine.handle(event)
                  side.settle()
                }
              } else if (step.kind === 'look') {
                expect(indexed.outcome(ids)).toEqual(plain.outcome(ids))
              } else {
                triggers = reconfigured(triggers, step)
                for (const side of both) side.engine.setTriggers(triggers)
              }
            }
            for (const side of both) side.engine.flush()
            expect(indexed.outcome(ids)).toEqual(plain.outcome(ids))
            for (const side of both) side.engine.dispose()
          },
        ),
        { seed: 14, numRuns: 200 },
      )
    },
    // A few seconds on an idle machine; the limit is far above that so a busy one cannot fail it.
    60_000,
  )

  it('lists near-misses it never evaluated, and only the newest', () => {
    // Keyed by character: the watcher is looked up for one event in a hundred, yet every other
    // event of its type is one its condition turned down.
    const watcher = trigger({
      id: 'watch',
      events: ['Death'],
      condition: { all: [{ field: 'payload.character_id', op: 'eq', value: 'c0' }] },
    })
    const both = [recorded({ minKeyed: 1 }), recorded(false)]
    for (const { engine } of both) engine.setTriggers([watcher])
    // The last event is the watcher's: its near-misses are then the 50 events before it, which
    // it was not looked up for.
    for (let i = 1; i <= 1_000; i++) {
      const event = censusEvent({ character_id: `c${i % 100}` })
      for (const { engine, settle } of both) {
        engine.accept(event)
        if (i % 7 === 0) settle()
      }
    }
    for (const { settle } of both) settle()
    const [indexed, plain] = both.map(({ outcome }) => outcome(['watch']))
    const report = indexed!.nearMisses[0]!
    expect(report.nearMisses).toHaveLength(NEAR_MISSES_PER_TRIGGER)
    expect(report.summary.events).toBe(NEAR_MISSES_PER_TRIGGER)
    expect(report.summary.leaves[0]).toMatchObject({ failed: NEAR_MISSES_PER_TRIGGER })
    expect(indexed!.triggers[0]!.counters).toMatchObject({ evaluated: 1_000, matched: 10 })
    expect(indexed).toEqual(plain)
  })
})

describe('conditionArb', () => {
  it('writes conditions the config schema accepts', () => {
    fc.assert(
      fc.property(conditionArb, (condition) => {
        expect(() => trigger({ condition })).not.toThrow()
      }),
      { seed: 14, numRuns: 200 },
    )
  })
})
