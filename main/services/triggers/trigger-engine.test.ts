import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { NotificationView } from '../../../shared/domain'
import type { SoundCue } from '../../../shared/trigger-views'
import { MemoryCounterStore, MemoryFiringLog } from '../notify/notification-log'
import { censusEvent, trigger } from '../testing/trigger-fixtures'
import type { Logger } from '../util/logger'
import { TriggerEngine } from './trigger-engine'

describe('TriggerEngine', () => {
  let engine: TriggerEngine
  let shown: NotificationView[]
  let sent: [string, string][]
  let logged: string[]
  let firings: MemoryFiringLog
  let counters: MemoryCounterStore

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date(2025, 0, 6, 12, 0) })
    sent = []
    logged = []
    firings = new MemoryFiringLog()
    counters = new MemoryCounterStore()
    const logger: Logger = {
      info: (m) => logged.push(`info ${m}`),
      warn: (m) => logged.push(`warn ${m}`),
      error: (m) => logged.push(`error ${m}`),
    }
    engine = new TriggerEngine({
      logger,
      firings,
      counters,
      send: (sourceId, text) => {
        if (sourceId === 'closed') throw new Error('source "closed" is not open')
        sent.push([sourceId, text])
      },
    })
    shown = []
    engine.onDidNotify((n) => shown.push(n))
  })

  afterEach(() => {
    engine.dispose()
    vi.useRealTimers()
  })

  it('evaluates only triggers of the event type and source', () => {
    engine.setTriggers([
      trigger({ id: 'deaths', events: ['Death'] }),
      trigger({ id: 'logins', events: ['PlayerLogin'] }),
      trigger({ id: 'ps2-only', sources: ['ps2'] }),
      trigger({ id: 'other-source', sources: ['neuro'] }),
      trigger({ id: 'disabled', enabled: false }),
    ])
    engine.handle(censusEvent({ event_name: 'Death' }))
    const evaluated = Object.fromEntries(engine.list().map((t) => [t.id, t.counters.evaluated]))
    expect(evaluated).toEqual({
      deaths: 1,
      logins: 0,
      'ps2-only': 1,
      'other-source': 0,
      disabled: 0,
    })
  })

  it('matches GainExperience_experience_id_<id> on the experience_id of GainExperience events', () => {
    engine.setTriggers([
      trigger({ id: 'revives', events: ['GainExperience_experience_id_7'] }),
      trigger({ id: 'both', events: ['GainExperience', 'GainExperience_experience_id_7'] }),
    ])
    for (const id of ['7', '4', '7'])
      engine.handle(censusEvent({ event_name: 'GainExperience', experience_id: id }))
    const counts = Object.fromEntries(engine.list().map((t) => [t.id, t.counters.evaluated]))
    expect(counts).toEqual({ revives: 2, both: 3 })
  })

  it('listens to Vigil’s own alerts as the vigil source', () => {
    engine.setTriggers([
      trigger({
        sources: ['vigil'],
        events: ['source-failed'],
        actions: [{ type: 'notify', title: '{{payload.name}} failed', urgency: 'critical' }],
      }),
    ])
    engine.handle(censusEvent({ name: 'PS2' }, { sourceId: 'ps2', type: 'source-failed' }))
    engine.handle({
      id: 9_999,
      sourceId: 'vigil',
      type: 'source-failed',
      receivedAt: 0,
      payload: { name: 'PS2' },
    })
    engine.flush()
    expect(shown.map((n) => [n.title, n.urgency, n.sourceId])).toEqual([
      ['PS2 failed', 'critical', 'vigil'],
    ])
  })

  it('runs every action kind off the hot path and records the firing', async () => {
    const sounds: SoundCue[] = []
    engine.onDidPlaySound((cue) => sounds.push(cue))
    engine.setTriggers([
      trigger({
        actions: [
          {
            type: 'notify',
            title: 'BR {{payload.battle_rank}}',
            body: '{{payload.character_id}}{{payload.outfit}}',
          },
          { type: 'sound', sound: 'ping' },
          {
            type: 'send',
            source: 'ps2',
            message: { service: 'event', action: 'echo', payload: { id: '{{id}}' } },
          },
          { type: 'send', source: 'ps2', message: 'plain {{type}}' },
          { type: 'log', message: 'saw {{payload.character_id}}', level: 'warn' },
        ],
      }),
    ])
    const event = censusEvent({
      event_name: 'BattleRankUp',
      battle_rank: '100',
      character_id: '54',
    })
    engine.handle(event)
    expect(shown).toEqual([]) // nothing runs inside evaluation...
    await Promise.resolve() // ...the actions run in the next microtask
    expect(shown).toEqual([
      {
        id: 1,
        triggerId: 't',
        eventId: event.id,
        sourceId: 'ps2',
        title: 'BR 100',
        body: '54',
        urgency: 'normal',
        firedAt: Date.now(),
        read: false,
      },
    ])
    expect(engine.notifications.list()).toEqual(shown)
    expect(sounds).toEqual([{ sound: 'ping', triggerId: 't', eventId: event.id }])
    expect(sent).toEqual([
      ['ps2', `{"service":"event","action":"echo","payload":{"id":"${event.id}"}}`],
      ['ps2', 'plain BattleRankUp'],
    ])
    expect(logged).toEqual(['warn trigger "Test trigger": saw 54'])
    expect(firings.firings).toEqual([
      { triggerId: 't', eventId: event.id, sourceId: 'ps2', at: Date.now(), outcome: 'fired' },
    ])
  })

  it('runs waiting actions between events once the oldest has waited a millisecond', () => {
    engine.setTriggers([trigger()])
    engine.handle(censusEvent({ character_id: 'a' }))
    engine.handle(censusEvent({ character_id: 'b' }))
    expect(shown).toHaveLength(0) // a burst in progress: still queued
    vi.advanceTimersByTime(1)
    engine.handle(censusEvent({ character_id: 'c' }))
    expect(shown.map((n) => n.title)).toEqual(['Death a', 'Death b'])
  })

  it('records a failed action on its trigger without stopping the others', () => {
    engine.setTriggers([
      trigger({
        actions: [
          { type: 'send', source: 'closed', message: 'hi' },
          { type: 'notify', title: 'still here' },
        ],
      }),
    ])
    engine.handle(censusEvent({}))
    engine.flush()
    expect(shown.map((n) => n.title)).toEqual(['still here'])
    expect(engine.view('t')).toMatchObject({
      actionFailures: 1,
      lastActionFailure: { action: 'send', index: 0, message: 'source "closed" is not open' },
    })
  })

  it('keeps near-misses with the failing leaf and the value seen', () => {
    engine.setTriggers([
      trigger({
        events: ['Death'],
        condition: {
          all: [
            { field: 'payload.is_headshot', op: 'is-true' },
            { field: 'payload.world_id', op: 'in', value: ['1', '10'] },
          ],
        },
      }),
    ])
    engine.handle(censusEvent({ is_headshot: '0' }))
    engine.handle(censusEvent({ is_headshot: '1', world_id: '17' }))
    engine.handle(censusEvent({ is_headshot: '1', world_id: '10' }))
    engine.handle(censusEvent({ event_name: 'PlayerLogin' })) // not its type: not a near miss
    const misses = engine.nearMisses('t')
    expect(misses.map((m) => [m.failing?.path, m.failing?.seen])).toEqual([
      ['condition.all.1', '17'],
      ['condition.all.0', '0'],
    ])
    expect(engine.view('t').counters).toMatchObject({ evaluated: 3, matched: 1, fired: 1 })
  })

  it('explains a changed leaf against the value it was compared with', () => {
    engine.setTriggers([
      trigger({
        condition: { field: 'payload.zone_id', op: 'changed', key: 'payload.character_id' },
      }),
    ])
    engine.handle(censusEvent({ character_id: 'a', zone_id: '2' }))
    engine.handle(censusEvent({ character_id: 'a', zone_id: '2' }))
    engine.handle(censusEvent({ character_id: 'a', zone_id: '4' }))
    expect(engine.view('t').counters.fired).toBe(1)
    expect(engine.nearMisses('t').map((m) => m.failing?.verdict)).toEqual([false, false])
  })

  it('saves counters in batches and picks them up again', () => {
    engine.setTriggers([trigger()])
    engine.handle(censusEvent({}))
    expect(counters.load()).toEqual({})
    vi.advanceTimersByTime(5_000)
    expect(counters.load().t).toMatchObject({ evaluated: 1, matched: 1, fired: 1 })
    const again = new TriggerEngine({ counters })
    again.setTriggers([trigger()])
    expect(again.view('t').counters.evaluated).toBe(1)
    again.dispose()
  })

  it('answers not-found for unknown triggers', () => {
    expect(() => engine.nearMisses('nope')).toThrow(/no trigger with id "nope"/)
  })
})
