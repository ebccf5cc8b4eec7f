import { describe, expect, it } from 'vitest'
import type { VigilEvent } from '../../../shared/domain'
import { triggerDraftSchema, type TriggerDraftInput } from '../../../shared/trigger-config'
import { runBacktest } from './backtest'

const START = Date.UTC(2030, 0, 7, 12, 0)
const MINUTE = 60_000

/** Heartbeats at the given minutes after START (`ok` unless the minute is in `failing`). */
function beats(minutes: readonly number[], failing: readonly number[] = []): VigilEvent[] {
  return minutes.map((minute, i) => ({
    id: i + 1,
    sourceId: 'plant',
    type: 'heartbeat',
    receivedAt: START + minute * MINUTE,
    payload: { status: failing.includes(minute) ? 'down' : 'ok' },
  }))
}

const deadMan = (input: Partial<TriggerDraftInput> = {}) =>
  triggerDraftSchema.parse({
    name: 'Plant heartbeat',
    sources: ['plant'],
    events: ['heartbeat'],
    condition: { field: 'payload.status', op: 'eq', value: 'ok' },
    mode: 'absence',
    absence: { seconds: 600 },
    actions: [{ type: 'notify', title: 'Silent since {{absence.since}}' }],
    ...input,
  })

const iso = (ms: number) => new Date(ms).toISOString()

describe('backtest of an absence trigger', () => {
  it('reports the gaps in the window that would have fired, up to now', () => {
    // Beats every 5 minutes, a gap of 20 between 10 and 30 (the beat at 15 failed), then none
    // after 35 until now (50).
    const events = beats([0, 5, 10, 15, 30, 35], [15])
    const report = runBacktest(deadMan(), events, Infinity, { now: START + 50 * MINUTE })
    expect(report.matched).toBe(5)
    expect(report.matches.every((match) => match.outcome === 'seen')).toBe(true)
    expect(report.absences).toEqual([
      {
        from: START + 35 * MINUTE,
        firesAt: START + 45 * MINUTE,
        endedAt: null,
        outcome: 'fired',
        title: `Silent since ${iso(START + 35 * MINUTE)}`,
      },
      {
        from: START + 10 * MINUTE,
        firesAt: START + 20 * MINUTE,
        endedAt: START + 30 * MINUTE,
        outcome: 'fired',
        title: `Silent since ${iso(START + 10 * MINUTE)}`,
      },
    ])
    expect(report.fired).toBe(2)
    expect(report.notifications).toBe(2)
    // Two silences fired over the 50 minutes since the first event.
    expect(report.prediction).toMatchObject({ spanMs: 50 * MINUTE, matchesPerHour: 2.4 })
    expect(report.predictedPerHour).toBe(2.4)
  })

  it('applies noise control to the silences, and nothing fires while beats keep coming', () => {
    const events = beats([0, 11, 22, 33])
    const report = runBacktest(deadMan({ noise: { cooldown: { seconds: 3_600 } } }), events)
    expect(report.absences!.map((a) => a.outcome)).toEqual(['suppressed', 'suppressed', 'fired'])
    expect(report.suppressed).toEqual({ cooldown: 2 })
    const steady = runBacktest(deadMan(), beats([0, 5, 10, 15]), Infinity, {
      now: START + 16 * MINUTE,
    })
    expect(steady.absences).toEqual([])
    expect(steady.notifications).toBe(0)
  })
})

describe('backtest of a single shot with a deadline', () => {
  const shot = (input: Partial<TriggerDraftInput>) =>
    triggerDraftSchema.parse({
      name: 'Recovered',
      sources: ['plant'],
      events: ['heartbeat'],
      condition: { field: 'payload.status', op: 'eq', value: 'ok' },
      mode: 'single-shot',
      actions: [{ type: 'notify', title: 'ok' }],
      onExpire: { title: '{{trigger.name}}: not by {{trigger.deadline}}' },
      ...input,
    })

  it('says the deadline would have passed when nothing fired before it', () => {
    const events = beats([0, 10, 20, 30], [0, 10])
    const report = runBacktest(shot({ expireAfterSeconds: 900 }), events)
    // Armed at the first event: the deadline is 15 minutes in; the first match comes at 20.
    expect(report.expiry).toEqual({
      deadline: START + 15 * MINUTE,
      expired: true,
      title: `Recovered: not by ${iso(START + 15 * MINUTE)}`,
    })
    expect(report.fired).toBe(0)
    expect(report.suppressed).toEqual({ 'single-shot-spent': 2 })
    expect(report.notifications).toBe(1)
  })

  it('and that it would not have, when the shot fired in time or the deadline is still ahead', () => {
    const events = beats([0, 10, 20, 30], [0])
    expect(runBacktest(shot({ expireAfterSeconds: 900 }), events).expiry).toEqual({
      deadline: START + 15 * MINUTE,
      expired: false,
    })
    const ahead = shot({ deadline: iso(START + 90 * MINUTE) })
    expect(runBacktest(ahead, beats([0], [0]), Infinity, { now: START + MINUTE }).expiry).toEqual({
      deadline: START + 90 * MINUTE,
      expired: false,
    })
  })
})
