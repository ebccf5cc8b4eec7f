import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VigilEvent } from '../../../shared/domain'
import { compileCondition } from '../../../shared/conditions/compile'
import type { Condition } from '../../../shared/conditions/schema'
import { triggerDraftSchema, type TriggerDraftInput } from '../../../shared/trigger-config'
import { runBacktest } from './backtest'
import { TriggerEngine } from './trigger-engine'

/** A seeded Census-like stream: deaths, experience and logins, every value a string. */
function stream(count: number, seed = 7): VigilEvent[] {
  let state = seed
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const start = new Date(2025, 0, 6, 12, 0).getTime()
  const events: VigilEvent[] = []
  let at = start
  for (let id = 1; id <= count; id++) {
    at += Math.floor(random() * 2_000)
    const type = pick(['Death', 'Death', 'GainExperience', 'GainExperience', 'PlayerLogin'])
    const character_id = pick(['5428010618035589553', '5428713425545165425', '5429000000000000001'])
    const payload: Record<string, string> =
      type === 'Death'
        ? {
            event_name: type,
            character_id,
            is_headshot: pick(['0', '1']),
            world_id: pick(['1', '10', '17']),
          }
        : type === 'GainExperience'
          ? {
              event_name: type,
              character_id,
              experience_id: pick(['1', '4', '7']),
              amount: String(Math.floor(random() * 200)),
            }
          : { event_name: type, character_id, world_id: pick(['1', '17']) }
    events.push({ id, sourceId: pick(['ps2', 'ps2', 'other']), type, receivedAt: at, payload })
  }
  return events
}

const draft = (input: Partial<TriggerDraftInput>) =>
  triggerDraftSchema.parse({
    name: 'Draft',
    actions: [{ type: 'notify', title: '{{type}} by {{payload.character_id}}' }],
    ...input,
  })

describe('backtest', () => {
  afterEach(() => vi.useRealTimers())

  const events = stream(2_000)

  it('matches exactly what direct evaluation matches', () => {
    const condition: Condition = {
      any: [
        {
          all: [
            { field: 'payload.is_headshot', op: 'is-true' },
            { field: 'payload.world_id', op: 'in', value: [1, 10] },
          ],
        },
        { field: 'payload.amount', op: 'gte', value: 150 },
      ],
    }
    const report = runBacktest(
      draft({ sources: ['ps2'], events: ['Death', 'GainExperience'], condition }),
      events,
    )
    const compiled = compileCondition(condition)
    const candidates = events.filter(
      (e) => e.sourceId === 'ps2' && (e.type === 'Death' || e.type === 'GainExperience'),
    )
    expect(report.scanned).toBe(candidates.length)
    expect(report.matched).toBe(candidates.filter((e) => compiled.test(e)).length)
    expect(report.matched).toBeGreaterThan(50)
    expect(report.fired).toBe(report.matched) // no noise control configured
    expect(report.notifications).toBe(report.matched)
    expect(report.matches).toHaveLength(100)
    expect(report.matches[0]!.eventId).toBeGreaterThan(report.matches[99]!.eventId)
    expect(report.misses).toHaveLength(20)
    for (const miss of report.misses) {
      expect(miss.leaves).toHaveLength(3)
      expect(miss.failing).not.toBeNull()
    }
    expect(report.from).toBe(candidates[0]!.receivedAt)
    expect(report.to).toBe(candidates.at(-1)!.receivedAt)
  })

  it('counts the experience-id rule and the newest `limit` events only', () => {
    const report = runBacktest(draft({ events: ['GainExperience_experience_id_7'] }), events, 50)
    expect(report.scanned).toBe(50)
    expect(report.matches.every((m) => m.type === 'GainExperience')).toBe(true)
    const newest = events
      .filter(
        (e) =>
          e.type === 'GainExperience' &&
          (e.payload as { experience_id: string }).experience_id === '7',
      )
      .slice(-50)
    expect(report.from).toBe(newest[0]!.receivedAt)
  })

  it('predicts the notifications the live engine sends after noise control', () => {
    const input: Partial<TriggerDraftInput> = {
      id: 'live',
      events: ['Death'],
      condition: { field: 'payload.is_headshot', op: 'is-true' },
      noise: { cooldown: { seconds: 5, key: '{{payload.character_id}}' }, maxPerMinute: 4 },
    }
    const report = runBacktest(draft(input), events)
    expect(report.suppressed.cooldown).toBeGreaterThan(0)
    expect(report.suppressed['rate-limit']).toBeGreaterThan(0)
    expect(report.digests).toBeGreaterThan(0)

    vi.useFakeTimers({ now: events[0]!.receivedAt })
    const live = new TriggerEngine()
    let notifications = 0
    live.onDidNotify(() => notifications++)
    live.setTriggers([draft(input) as never])
    for (const event of events) {
      vi.advanceTimersByTime(event.receivedAt - Date.now())
      live.handle(event)
    }
    vi.advanceTimersByTime(60_000)
    live.flush()
    const counters = live.view('live').counters
    expect(counters.matched).toBe(report.matched)
    expect(counters.fired).toBe(report.fired)
    expect(counters.suppressed).toEqual(report.suppressed)
    expect(notifications).toBe(report.notifications)
    live.dispose()
  })

  it('reports a changed leaf as it was when each event arrived', () => {
    const report = runBacktest(
      draft({
        events: ['PlayerLogin'],
        condition: { field: 'payload.world_id', op: 'changed', key: 'payload.character_id' },
      }),
      events,
    )
    const direct = compileCondition({
      field: 'payload.world_id',
      op: 'changed',
      key: 'payload.character_id',
    })
    let expected = 0
    for (const event of events.filter((e) => e.type === 'PlayerLogin')) {
      if (direct.test(event)) expected++
      direct.commit(event)
    }
    expect(report.matched).toBe(expected)
    expect(report.misses.every((miss) => miss.leaves[0]!.verdict === false)).toBe(true)
  })

  // The tester's finding: a backtest over 10 such events took 21 s on V8's backtracking engine.
  it('runs a nested pattern over hostile events without freezing', () => {
    const hostile: VigilEvent[] = Array.from({ length: 10 }, (_, i) => ({
      id: i + 1,
      sourceId: 'probe',
      type: 'Probe',
      receivedAt: 1_700_000_000_000 + i,
      payload: { s: `${'a'.repeat(i === 9 ? 100_000 : 30 + i)}!` },
    }))
    const report = runBacktest(
      draft({ condition: { field: 'payload.s', op: 'matches', value: '^(a+)+$' } }),
      hostile,
    )
    expect(report).toMatchObject({ scanned: 10, matched: 0, fired: 0 })
    expect(report.misses).toHaveLength(10)
    expect(report.misses.map((miss) => miss.failing?.verdict)).toEqual(Array(10).fill(false))
  })
})
