import { describe, expect, it } from 'vitest'
import type { VigilEvent } from '../../../shared/domain'
import { triggerDraftSchema, type TriggerDraftInput } from '../../../shared/trigger-config'
import { runBacktest } from './backtest'

const START = Date.UTC(2030, 0, 7, 12, 0)

/** Door events a second apart: `states` in turn, on door "front". */
function doorEvents(states: readonly string[], stepMs = 1_000): VigilEvent[] {
  return states.map((state, i) => ({
    id: i + 1,
    sourceId: 'doors',
    type: 'door',
    receivedAt: START + i * stepMs,
    payload: { door: 'front', state, ...(i % 4 === 3 ? {} : { battery: 80 }) },
  }))
}

const draft = (input: Partial<TriggerDraftInput>) =>
  triggerDraftSchema.parse({
    name: 'Door',
    sources: ['doors'],
    events: ['door'],
    actions: [{ type: 'notify', title: 'door {{payload.state}}' }],
    ...input,
  })

describe('backtest: why it did not fire', () => {
  it('sums up each leaf: how often it failed and the values seen instead, most frequent first', () => {
    const states = [...Array(13).fill('open'), ...Array(12).fill('closed')] as string[]
    const report = runBacktest(
      draft({
        condition: {
          all: [
            { field: 'payload.state', op: 'eq', value: 'ajar' },
            { field: 'payload.battery', op: 'lt', value: 20 },
          ],
        },
      }),
      doorEvents(states),
    )
    expect(report.matched).toBe(0)
    expect(report.summary.events).toBe(25)
    const [state, battery] = report.summary.leaves
    expect(state).toEqual({
      path: 'condition.all.0',
      field: 'payload.state',
      op: 'eq',
      value: 'ajar',
      failed: 25,
      seen: [
        { value: 'open', count: 13 },
        { value: 'closed', count: 12 },
      ],
      otherFailed: 0,
    })
    // Every fourth event has no battery: missing is a value of its own.
    expect(battery).toMatchObject({ failed: 25, otherFailed: 0 })
    expect(battery!.seen).toEqual([
      { value: 80, count: 19 },
      { missing: true, count: 6 },
    ])
  })

  it('lists at most ten values per leaf and counts the rest', () => {
    const states = Array.from({ length: 30 }, (_, i) => `s${i % 15}`)
    const report = runBacktest(
      draft({ condition: { field: 'payload.state', op: 'eq', value: 'ajar' } }),
      doorEvents(states),
    )
    const [leaf] = report.summary.leaves
    expect(leaf!.seen).toHaveLength(10)
    expect(leaf!.seen.every((entry) => entry.count === 2)).toBe(true)
    expect(leaf!.otherFailed).toBe(10)
  })

  it('shows whether a snoozed trigger matches when asked to leave snooze and quiet hours out', () => {
    const snoozed = draft({
      condition: { field: 'payload.state', op: 'eq', value: 'open' },
      noise: {
        snoozeUntil: new Date(START + 3_600_000).toISOString(),
        quietHours: [{ from: '00:00', to: '23:59' }],
      },
    })
    const events = doorEvents(['open', 'closed', 'open'])
    const plain = runBacktest(snoozed, events)
    expect(plain.fired).toBe(0)
    expect(plain.suppressed).toEqual({ snoozed: 2 })
    const alone = runBacktest(snoozed, events, Infinity, { ignoreSnoozeAndQuietHours: true })
    expect(alone.matched).toBe(2)
    expect(alone.fired).toBe(2)
    expect(alone.suppressed).toEqual({})
  })
})

describe('backtest: flood prediction', () => {
  // 36 matches in 35 seconds: the keyboard-made trigger of the report.
  const flood = doorEvents(Array(36).fill('open') as string[])
  const any = { condition: { field: 'payload.state', op: 'eq' as const, value: 'open' } }

  it('extrapolates the window rate to an hour, and says from what', () => {
    const report = runBacktest(draft(any), flood)
    expect(report.prediction).toEqual({
      events: 36,
      matched: 36,
      spanMs: 35_000,
      matchesPerHour: 3702.9,
      limitPerHour: null,
    })
    expect(report.predictedPerHour).toBe(3702.9)
  })

  it('caps it by cooldown and rate limit, counting a digest a minute while matches are held back', () => {
    const cooled = runBacktest(draft({ ...any, noise: { cooldown: { seconds: 60 } } }), flood)
    expect(cooled.prediction.limitPerHour).toBe(60)
    expect(cooled.predictedPerHour).toBe(60)
    const limited = runBacktest(draft({ ...any, noise: { maxPerMinute: 2 } }), flood)
    expect(limited.predictedPerHour).toBe(2 * 60 + 60)
    // Two notify actions a firing: twice the notifications.
    const twice = runBacktest(
      draft({
        ...any,
        noise: { cooldown: { seconds: 600 } },
        actions: [
          { type: 'notify', title: 'a' },
          { type: 'notify', title: 'b' },
        ],
      }),
      flood,
    )
    expect(twice.predictedPerHour).toBe(12)
  })

  it('takes off what dedupe suppressed, and is null when the window says nothing of a rate', () => {
    const deduped = runBacktest(draft({ ...any, noise: { dedupe: { seconds: 600 } } }), flood)
    // Every event has the same payload but the battery's absence: two distinct payloads.
    expect(deduped.suppressed.dedupe).toBe(34)
    expect(deduped.predictedPerHour).toBe(205.7)
    expect(runBacktest(draft(any), flood.slice(0, 1)).predictedPerHour).toBeNull()
    expect(runBacktest(draft(any), []).predictedPerHour).toBeNull()
  })
})
