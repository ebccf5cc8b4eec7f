/**
 * The Census preset end to end against the Census simulator: service id from the secret store,
 * subscription on connect (and again later), only subscribed events, values kept as strings,
 * duplicates dropped and counted, the echo checked, heartbeats watched, and a rejected service id
 * shown for what it is.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SourceConfigInput } from '../../shared/source-config'
import {
  startCensusSimulator,
  type RunningCensusSimulator,
} from '../simulators/census/census-simulator'
import { startPresetHarness, type PresetHarness } from './preset-harness'

const DEATH = {
  attacker_character_id: '5428010618035323201',
  attacker_fire_mode_id: '16001',
  attacker_loadout_id: '15',
  attacker_team_id: '1',
  attacker_vehicle_id: '0',
  attacker_weapon_id: '7169',
  character_id: '5428713425545165425',
  character_loadout_id: '4',
  event_name: 'Death',
  is_critical: '0',
  is_headshot: '1',
  team_id: '2',
  timestamp: '1706357108',
  world_id: '17',
  zone_id: '2',
}

const EXPERIENCE = {
  amount: '10',
  character_id: '5428713425545165425',
  event_name: 'GainExperience',
  experience_id: '4',
  loadout_id: '4',
  other_id: '0',
  team_id: '2',
  timestamp: '1706357108',
  world_id: '17',
  zone_id: '2',
}

let sim: RunningCensusSimulator
let h: PresetHarness

function source(options: Record<string, unknown>, extra: Partial<SourceConfigInput> = {}) {
  return {
    id: 'ps2',
    name: 'PlanetSide 2',
    preset: 'census',
    // The stored service id, when there is one, replaces the public one at connect time.
    url: `ws://127.0.0.1:${sim.port}/streaming?environment=ps2&service-id=s:example`,
    keepalive: { pingIntervalMs: 0 },
    reconnect: { initialMs: 100, maxMs: 10_000 },
    watchdog: { deadChannelMs: 0 },
    options,
    ...extra,
  } as const satisfies SourceConfigInput
}

/** Round-trips an echo through the server: everything sent before it has been processed. */
async function sync(marker: string): Promise<void> {
  h.monitor.send(
    'ps2',
    JSON.stringify({
      service: 'event',
      action: 'echo',
      payload: { event_name: marker, world_id: '17', timestamp: '0' },
    }),
  )
  await h.until(() => h.eventsOf('ps2').some((event) => event.type === marker), marker)
}

const subscribes = () =>
  h.sent.filter((text) => (JSON.parse(text) as { action?: string }).action === 'subscribe')

describe('Census preset with the simulator', { timeout: 30_000 }, () => {
  beforeEach(async () => {
    sim = await startCensusSimulator({ rate: 0, heartbeatMs: 100, duplicateRate: 0, seed: 7 })
    h = startPresetHarness()
  })

  afterEach(async () => {
    h.dispose()
    await sim.close()
  })

  it('subscribes with the stored service id and delivers only subscribed events, as strings', async () => {
    await h.secrets.set('ps2.service-id', 's:vigil')
    h.add(
      source({
        serviceIdSecretRef: 'ps2.service-id',
        eventNames: ['Death', 'GainExperience_experience_id_4'],
        characters: [],
        worlds: ['17'],
      }),
    )
    await h.waitState('ps2', 'open')
    expect(JSON.parse(subscribes()[0]!)).toEqual({
      service: 'event',
      action: 'subscribe',
      worlds: ['17'],
      eventNames: ['Death', 'GainExperience_experience_id_4'],
      logicalAndCharactersWithWorlds: false,
    })
    await sync('Synced')

    sim.emit(DEATH)
    sim.emit({ ...DEATH, world_id: '1' }) // another world: not subscribed
    sim.emit(EXPERIENCE)
    sim.emit({ ...EXPERIENCE, experience_id: '5' }) // another experience id
    sim.emit({ ...DEATH, character_id: '1' })
    await h.until(() => h.eventsOf('ps2').length >= 4, 'three events after the marker')

    const events = h.eventsOf('ps2').filter((event) => event.type !== 'Synced')
    expect(events.map((event) => event.type)).toEqual(['Death', 'GainExperience', 'Death'])
    expect(events[0]!.payload).toEqual(DEATH)
    const death = events[0]!.payload as Record<string, unknown>
    expect(typeof death.world_id).toBe('string')
    expect(death.is_headshot).toBe('1')
    expect(h.view('ps2').notices).toEqual([])
    // Heartbeats and banners are not events.
    await h.until(() => h.view('ps2').counters.frames > 15, 'heartbeats')
    expect(h.eventsOf('ps2')).toHaveLength(4)
  })

  it('narrowing only the worlds (characters left at all) delivers only those worlds', async () => {
    h.add(source({ eventNames: ['Death'], worlds: ['17'] }))
    await h.waitState('ps2', 'open')
    await sync('Synced')
    sim.emit({ ...DEATH, world_id: '1' }) // characters all OR world 17 would let this through
    sim.emit(DEATH)
    await sync('Done')
    const deaths = h.eventsOf('ps2').filter((event) => event.type === 'Death')
    expect(deaths.map((event) => (event.payload as { world_id: string }).world_id)).toEqual(['17'])
    expect(h.view('ps2').notices).toEqual([])
  })

  it('gets world events with worlds left at all from a server that needs world ids', async () => {
    await sim.close()
    sim = await startCensusSimulator({
      rate: 0,
      heartbeatMs: 100,
      duplicateRate: 0,
      seed: 7,
      strictWorldEvents: true,
    })
    h.add(source({ eventNames: ['Death', 'FacilityControl', 'MetagameEvent', 'ContinentLock'] }))
    await h.waitState('ps2', 'open')
    await sync('Synced')
    const locked = sim.lockContinent('17')
    sim.emit(DEATH)
    await h.until(() => h.eventsOf('ps2').some((event) => event.type === 'Death'), 'Death')
    const types = h.eventsOf('ps2').map((event) => event.type)
    expect(types.filter((type) => type !== 'Synced' && type !== 'Death')).toEqual(
      locked.map((payload) => payload.event_name),
    )
    expect(h.view('ps2').notices).toEqual([])
  })

  it('drops a repeated event within the window and counts it, but never GainExperience', async () => {
    h.add(source({ eventNames: ['all'] }))
    await h.waitState('ps2', 'open')
    await sync('Synced')
    sim.emit(DEATH)
    sim.emit(DEATH)
    sim.emit(EXPERIENCE)
    sim.emit(EXPERIENCE)
    await sync('Done')
    const types = h.eventsOf('ps2').map((event) => event.type)
    expect(types).toEqual(['Synced', 'Death', 'GainExperience', 'GainExperience', 'Done'])
    expect(h.view('ps2').counters.duplicates).toBe(1)
    // Past the window the same payload is news again.
    h.clock.advance(5_000)
    sim.emit(DEATH)
    await h.until(() => h.eventsOf('ps2').filter((e) => e.type === 'Death').length === 2, 'Death')
  })

  it('drops a repeat that comes in an envelope serialised another way', async () => {
    await sim.close()
    sim = await startCensusSimulator({
      rate: 200,
      heartbeatMs: 100,
      duplicateRate: 1,
      reserialiseRepeats: true,
      seed: 7,
    })
    // Nothing exempt: every event comes twice, and the second must be dropped.
    h.add(source({ eventNames: ['all'], dedupeExempt: [] }))
    await h.waitState('ps2', 'open')
    await h.until(() => h.view('ps2').counters.duplicates >= 20, 'twenty repeats dropped')
    const payloads = h.eventsOf('ps2').map((event) => JSON.stringify(event.payload))
    expect(new Set(payloads).size).toBe(payloads.length)
    expect(payloads.length).toBeGreaterThanOrEqual(20)
  })

  it('flags a subscription the server altered, and the periodic resubscribe repairs it', async () => {
    // Heartbeats are not watched here: the manual clock jumps a minute at once.
    h.add(
      source({
        eventNames: ['Death', 'PlayerLogin'],
        resubscribeMs: 60_000,
        heartbeatIntervalMs: 0,
      }),
    )
    await h.waitState('ps2', 'open')
    await sync('Synced')
    expect(h.view('ps2').notices).toEqual([])

    // As if the server dropped part of the subscription: its echo no longer covers what was asked.
    h.monitor.send(
      'ps2',
      '{"service":"event","action":"clearSubscribe","eventNames":["PlayerLogin"]}',
    )
    await h.until(() => h.view('ps2').notices.length === 1, 'a notice')
    expect(h.view('ps2').notices[0]).toMatchObject({
      code: 'subscription-mismatch',
      message: expect.stringContaining('eventNames PlayerLogin missing'),
    })

    h.clock.advance(60_000)
    await h.until(() => subscribes().length === 2, 'the resubscribe')
    await h.until(() => h.view('ps2').notices.length === 0, 'the notice to clear')
    expect(h.view('ps2').state).toBe('open')
  })

  it('applies a subscription edit live: clear, then the new subscription, no reconnect', async () => {
    h.add(source({ eventNames: ['Death'] }))
    await h.waitState('ps2', 'open')
    h.add(source({ eventNames: ['PlayerLogin'] }))
    await h.until(() => subscribes().length === 2, 'the new subscription')
    const clear = h.sent.find((text) => text.includes('clearSubscribe'))
    expect(JSON.parse(clear!)).toEqual({ service: 'event', action: 'clearSubscribe', all: 'true' })
    expect(h.sent.indexOf(clear!)).toBeLessThan(h.sent.lastIndexOf(subscribes()[1]!))
    await sync('Synced')
    sim.emit(DEATH)
    sim.emit({ event_name: 'PlayerLogin', character_id: '1', timestamp: '0', world_id: '17' })
    await h.until(() => h.eventsOf('ps2').some((e) => e.type === 'PlayerLogin'), 'PlayerLogin')
    expect(h.eventsOf('ps2').some((e) => e.type === 'Death')).toBe(false)
    expect(h.view('ps2').counters.reconnects).toBe(0)
    expect(h.view('ps2').notices).toEqual([])
    // The clear's echo (an emptied subscription) is not judged against the new options.
    expect(h.warnings).toEqual([])
  })

  it('stays open while heartbeats arrive and goes stale an interval plus 5 s without one', async () => {
    h.add(
      source(
        { eventNames: ['Death'], heartbeatIntervalMs: 10_000 },
        { watchdog: { silenceMs: 0, deadChannelMs: 0 } },
      ),
    )
    await h.waitState('ps2', 'open')
    await sync('Synced') // the banners are in: every frame counted from here is a heartbeat
    for (let step = 0; step < 6; step++) {
      const frames = h.view('ps2').counters.frames
      await h.until(() => h.view('ps2').counters.frames > frames, 'a heartbeat')
      h.clock.advance(14_000)
      expect(h.view('ps2').state).toBe('open')
    }
    expect(h.view('ps2').state).toBe('open')
    sim.faults.setHalfOpen(true)
    h.clock.advance(15_000)
    await h.waitState('ps2', 'stale')
    expect(h.view('ps2').lastError).toMatchObject({ kind: 'silence' })
    expect(h.view('ps2').lastError!.message).toMatch(/no heartbeat for 15 s/)
  })

  it('waits 2-5 s before reconnecting after a drop, as Census clients do', async () => {
    h.add(source({ eventNames: ['Death'] }, { reconnect: undefined }))
    await h.waitState('ps2', 'open')
    sim.faults.dropAll()
    await h.waitState('ps2', 'reconnecting')
    // The harness draws the middle of the jitter range: half of the 5 s first step.
    expect(h.view('ps2').nextRetryAt! - h.clock.now()).toBe(2_500)
    h.clock.advance(2_499)
    expect(h.view('ps2').state).toBe('reconnecting')
    h.clock.advance(1)
    await h.waitState('ps2', 'open')
  })

  it('says the service id was rejected when the upgrade gets 403, and backs off hard', async () => {
    await h.secrets.set('ps2.service-id', 's:rejected')
    h.add(source({ serviceIdSecretRef: 'ps2.service-id', eventNames: ['Death'] }))
    await h.waitState('ps2', 'reconnecting')
    const view = h.view('ps2')
    expect(view.lastError).toMatchObject({ kind: 'auth' })
    expect(view.lastError!.message).toMatch(/^service id rejected/)
    expect(view.lastError!.message).toContain('HTTP 403')
    expect(view.lastError!.message).not.toContain('s:rejected')
    // Hard: at least half the cap (10 s), never the 100 ms first step.
    expect(view.nextRetryAt! - h.clock.now()).toBeGreaterThanOrEqual(5_000)
  })
})
