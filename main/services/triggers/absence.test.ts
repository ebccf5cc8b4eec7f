import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NotificationView, VigilEvent } from '../../../shared/domain'
import type { TriggerConfigInput } from '../../../shared/trigger-config'
import { MemoryCounterStore } from '../notify/notification-log'
import { ManualClock } from '../testing/manual-clock'
import { trigger } from '../testing/trigger-fixtures'
import { TriggerEngine } from './trigger-engine'

const MINUTE = 60_000

// "No heartbeat event from the plant for 10 minutes", on a clock that moves only when told.
let clock: ManualClock
let engine: TriggerEngine
let shown: NotificationView[]
let nextId = 1

function start(counters = new MemoryCounterStore()): TriggerEngine {
  const created = new TriggerEngine({ clock, counters, schedule: (run) => run() })
  created.onDidNotify((notification) => shown.push(notification))
  return created
}

function deadMan(extra: Partial<TriggerConfigInput> = {}) {
  return trigger({
    id: 'plant',
    name: 'Plant heartbeat',
    sources: ['plant'],
    events: ['heartbeat'],
    condition: { field: 'payload.status', op: 'eq', value: 'ok' },
    mode: 'absence',
    absence: { seconds: 600 },
    actions: [
      {
        type: 'notify',
        title: 'No heartbeat for {{absence.seconds}} s',
        body: 'last {{absence.lastSeenAt}}, since {{absence.since}}, status {{payload.status}}',
        urgency: 'critical',
      },
    ],
    ...extra,
  })
}

function beat(status = 'ok'): VigilEvent {
  return {
    id: nextId++,
    sourceId: 'plant',
    type: 'heartbeat',
    receivedAt: clock.now(),
    payload: { status },
  }
}

const iso = (ms: number) => new Date(ms).toISOString()

beforeEach(() => {
  clock = new ManualClock()
  shown = []
  engine = start()
})

afterEach(() => engine.dispose())

describe('absence triggers', () => {
  it('fire once per silence while their sources are open, and again after a match re-arms them', () => {
    engine.setTriggers([deadMan()])
    engine.sourceChanged('plant', 'open')
    const opened = clock.now()
    clock.advance(10 * MINUTE - 1)
    expect(shown).toHaveLength(0)
    clock.advance(1)
    engine.flush()
    expect(shown).toEqual([
      expect.objectContaining({
        kind: 'absence',
        eventId: 0,
        sourceId: 'plant',
        title: 'No heartbeat for 600 s',
        body: `last , since ${iso(opened)}, status `,
        urgency: 'critical',
      }),
    ])
    // Once per silence, however long it lasts.
    clock.advance(60 * MINUTE)
    engine.flush()
    expect(shown).toHaveLength(1)

    const match = beat()
    engine.handle(match)
    expect(engine.view('plant').silence).toEqual({
      watching: true,
      since: match.receivedAt,
      firesAt: match.receivedAt + 10 * MINUTE,
      lastSeenAt: match.receivedAt,
    })
    clock.advance(10 * MINUTE)
    engine.flush()
    expect(shown).toHaveLength(2)
    expect(shown[1]).toMatchObject({
      kind: 'absence',
      eventId: match.id,
      body: `last ${iso(match.receivedAt)}, since ${iso(match.receivedAt)}, status ok`,
    })
    expect(engine.view('plant').counters).toMatchObject({ matched: 1, fired: 2 })
  })

  it('stay quiet while matches keep coming; other events and failed conditions do not count', () => {
    engine.setTriggers([deadMan()])
    engine.sourceChanged('plant', 'open')
    for (let i = 0; i < 12; i++) {
      clock.advance(5 * MINUTE)
      engine.handle(beat())
    }
    expect(shown).toHaveLength(0)
    for (let i = 0; i < 4; i++) {
      clock.advance(3 * MINUTE)
      engine.handle(beat('degraded'))
      engine.handle({ ...beat(), type: 'reading' })
    }
    engine.flush()
    expect(shown).toHaveLength(1)
    expect(engine.nearMisses('plant')).toHaveLength(4)
  })

  it('do not fire during an outage, and time a full silence once the sources are open again', () => {
    engine.setTriggers([deadMan()])
    engine.sourceChanged('plant', 'open')
    clock.advance(5 * MINUTE)
    engine.sourceChanged('plant', 'reconnecting')
    expect(engine.view('plant').silence).toMatchObject({ watching: false, firesAt: null })
    clock.advance(60 * MINUTE)
    engine.sourceChanged('plant', 'failed')
    clock.advance(60 * MINUTE)
    engine.flush()
    expect(shown).toHaveLength(0)
    engine.sourceChanged('plant', 'open')
    clock.advance(10 * MINUTE - 1)
    engine.flush()
    expect(shown).toHaveLength(0)
    clock.advance(1)
    engine.flush()
    expect(shown).toHaveLength(1)
  })

  it('watch every active source when they name none, and pause while any is down', () => {
    engine.setTriggers([deadMan({ sources: [] })])
    engine.sourceChanged('plant', 'open')
    engine.sourceChanged('spare', 'closed') // closed by the user: not expected to deliver
    engine.sourceChanged('other', 'connecting')
    clock.advance(20 * MINUTE)
    expect(shown).toHaveLength(0)
    engine.sourceChanged('other', 'open')
    clock.advance(10 * MINUTE)
    engine.flush()
    expect(shown).toHaveLength(1)
    expect(shown[0]!.sourceId).toBe('vigil') // no source of its own to name
  })

  it('start the silence afresh after a restart', () => {
    const counters = new MemoryCounterStore()
    engine.dispose()
    engine = start(counters)
    engine.setTriggers([deadMan()])
    engine.sourceChanged('plant', 'open')
    clock.advance(9 * MINUTE)
    engine.dispose()

    engine = start(counters)
    engine.setTriggers([deadMan()])
    engine.sourceChanged('plant', 'open')
    clock.advance(9 * MINUTE)
    engine.flush()
    expect(shown).toHaveLength(0)
    clock.advance(MINUTE)
    engine.flush()
    expect(shown).toHaveLength(1)
  })

  it('go through noise control like any firing', () => {
    engine.setTriggers([
      deadMan({ absence: { seconds: 60 }, noise: { cooldown: { seconds: 300 } } }),
    ])
    engine.sourceChanged('plant', 'open')
    for (let i = 0; i < 5; i++) {
      clock.advance(MINUTE)
      engine.handle(beat('down'))
      clock.advance(30_000)
      engine.handle(beat())
    }
    engine.flush()
    // Silences fire at 1:00, 2:30, 4:00, 5:30 and 7:00: the 5-minute cooldown lets the first
    // and the last through.
    expect(shown).toHaveLength(2)
    expect(engine.view('plant').counters).toMatchObject({
      matched: 5,
      fired: 2,
      suppressed: { cooldown: 3 },
    })
  })

  it('are not timed while disabled, nor once removed', () => {
    engine.setTriggers([deadMan({ enabled: false })])
    engine.sourceChanged('plant', 'open')
    clock.advance(20 * MINUTE)
    expect(engine.view('plant').silence).toBeUndefined()
    engine.setTriggers([deadMan()])
    engine.setTriggers([])
    expect(clock.pending).toBe(1) // the counter save alone
    engine.flush()
    expect(shown).toHaveLength(0)
  })
})
