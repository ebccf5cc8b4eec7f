import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NotificationView, VigilEvent } from '../../../shared/domain'
import type { TriggerConfigInput } from '../../../shared/trigger-config'
import { MemoryCounterStore } from '../notify/notification-log'
import { ManualClock } from '../testing/manual-clock'
import { trigger } from '../testing/trigger-fixtures'
import { TriggerEngine } from './trigger-engine'

const HOUR = 3_600_000
const START = Date.UTC(2030, 0, 1, 20, 0)

// "BR 100 did not happen by 22:00": wait for a battle rank of 100, at most until a deadline.
let clock: ManualClock
let counters: MemoryCounterStore
let engine: TriggerEngine
let shown: NotificationView[]
let nextId = 1

function start(): TriggerEngine {
  const created = new TriggerEngine({ clock, counters, schedule: (run) => run() })
  created.onDidNotify((notification) => shown.push(notification))
  return created
}

function br100(deadline: Partial<TriggerConfigInput>) {
  return trigger({
    id: 'br100',
    name: 'BR 100',
    events: ['BattleRankUp'],
    condition: { field: 'payload.battle_rank', op: 'gte', value: 100 },
    mode: 'single-shot',
    actions: [{ type: 'notify', title: 'BR {{payload.battle_rank}} before {{trigger.deadline}}' }],
    onExpire: { title: '{{trigger.name}} did not happen by {{trigger.deadline}}', urgency: 'low' },
    ...deadline,
  })
}

function rankUp(rank: number): VigilEvent {
  return {
    id: nextId++,
    sourceId: 'ps2',
    type: 'BattleRankUp',
    receivedAt: clock.now(),
    payload: { battle_rank: String(rank) },
  }
}

const iso = (ms: number) => new Date(ms).toISOString()

beforeEach(() => {
  clock = new ManualClock(START)
  counters = new MemoryCounterStore()
  shown = []
  engine = start()
})

afterEach(() => engine.dispose())

describe('single shots with a deadline', () => {
  it('fire onExpire once when the deadline passes unmet, and are spent', () => {
    engine.setTriggers([br100({ deadline: iso(START + 2 * HOUR) })])
    expect(engine.view('br100').expiry).toEqual({ deadline: START + 2 * HOUR, expiredAt: null })
    clock.advance(2 * HOUR - 1)
    engine.handle(rankUp(99))
    expect(shown).toHaveLength(0)
    clock.advance(1)
    expect(shown).toEqual([
      expect.objectContaining({
        kind: 'expired',
        eventId: 0,
        title: `BR 100 did not happen by ${iso(START + 2 * HOUR)}`,
        urgency: 'low',
      }),
    ])
    engine.handle(rankUp(100))
    clock.advance(24 * HOUR)
    expect(shown).toHaveLength(1)
    const view = engine.view('br100')
    expect(view.spent).toBe(true)
    expect(view.expiry).toEqual({ deadline: START + 2 * HOUR, expiredAt: START + 2 * HOUR })
    expect(view.counters).toMatchObject({
      matched: 1,
      fired: 0,
      suppressed: { 'single-shot-spent': 1 },
      deadlineOutcome: { deadline: START + 2 * HOUR, outcome: 'expired', at: START + 2 * HOUR },
    })
  })

  it('never fire onExpire once they fired in time', () => {
    engine.setTriggers([br100({ deadline: iso(START + 2 * HOUR) })])
    clock.advance(HOUR)
    engine.handle(rankUp(101))
    clock.advance(10 * HOUR)
    expect(shown.map((n) => [n.kind, n.title])).toEqual([
      [undefined, `BR 101 before ${iso(START + 2 * HOUR)}`],
    ])
    expect(engine.view('br100').counters.deadlineOutcome).toEqual({
      deadline: START + 2 * HOUR,
      outcome: 'fired',
      at: START + HOUR,
    })
  })

  it('count expireAfterSeconds from arming, afresh after a save and after a restart', () => {
    const config = br100({ expireAfterSeconds: 3_600 })
    engine.setTriggers([config])
    clock.advance(HOUR / 2)
    engine.rearm('br100') // saved again: the hour starts now
    clock.advance(HOUR / 2)
    expect(shown).toHaveLength(0)
    engine.dispose()
    engine = start()
    engine.setTriggers([config])
    clock.advance(HOUR - 1)
    expect(shown).toHaveLength(0)
    clock.advance(1)
    expect(shown.map((n) => n.kind)).toEqual(['expired'])
    // Counted from arming, so not kept across restarts.
    expect(engine.view('br100').counters.deadlineOutcome).toBeUndefined()
  })

  it('expire once at start-up when a fixed deadline passed while Vigil was stopped', () => {
    const config = br100({ deadline: iso(START - HOUR) })
    engine.setTriggers([config])
    clock.advance(0)
    expect(shown.map((n) => n.kind)).toEqual(['expired'])
    engine.dispose() // saves the counters, with how the deadline was settled

    shown = []
    engine = start()
    engine.setTriggers([config])
    clock.advance(HOUR)
    expect(shown).toHaveLength(0)
    expect(engine.view('br100')).toMatchObject({
      spent: true,
      expiry: { deadline: START - HOUR, expiredAt: START },
    })
    // Saving it again re-arms it (the UI refuses a deadline in the past; a new one is set).
    engine.setTriggers([br100({ deadline: iso(START + 3 * HOUR) })])
    expect(engine.view('br100')).toMatchObject({ spent: false, expiry: { expiredAt: null } })
  })

  it('wait for a deadline further away than a timer can', () => {
    const far = START + 60 * 24 * HOUR
    engine.setTriggers([br100({ deadline: iso(far) })])
    clock.advance(60 * 24 * HOUR - 1)
    expect(shown).toHaveLength(0)
    clock.advance(1)
    expect(shown).toHaveLength(1)
  })
})

describe('a disposed engine', () => {
  it('leaves no deadline or silence timer behind', () => {
    const clock = new ManualClock(START)
    const engine = new TriggerEngine({ clock })
    engine.setTriggers([
      br100({ expireAfterSeconds: 60 }),
      trigger({ id: 'quiet', mode: 'absence', absence: { seconds: 60 } }),
    ])
    engine.sourceChanged('ps2', 'open')
    expect(clock.pending).toBe(3) // the deadline, the silence and the counter save
    engine.dispose()
    expect(clock.pending).toBe(0)
  })
})
