/**
 * The SimpliSafe preset end to end against the SimpliSafe simulator: the CloudEvents identify
 * built from the user id and the stored token, hello/registered/subscribed as control frames,
 * standard events typed by their eventCid's name (unknown codes by number), silence watched, the
 * 403 loop backed off hard with a message that says what it is, and a rejected token.
 */

import { afterEach, describe, expect, it } from 'vitest'
import type { SourceConfigInput } from '../../shared/source-config'
import {
  DEFAULT_SIMPLISAFE_TOKEN,
  DEFAULT_SIMPLISAFE_USER_ID,
  startSimpliSafeSimulator,
  type RunningSimpliSafeSimulator,
} from '../simulators/simplisafe/simplisafe-simulator'
import { startPresetHarness, type PresetHarness } from './preset-harness'

let sim: RunningSimpliSafeSimulator | undefined
let h: PresetHarness | undefined

async function start(token = DEFAULT_SIMPLISAFE_TOKEN, extra: Partial<SourceConfigInput> = {}) {
  sim = await startSimpliSafeSimulator({ rate: 0, seed: 11 })
  h = startPresetHarness()
  await h.secrets.set('home.token', token)
  h.add({
    id: 'home',
    name: 'Home',
    preset: 'simplisafe',
    url: sim.url,
    reconnect: { initialMs: 100, maxMs: 60_000 },
    watchdog: { deadChannelMs: 0 },
    options: { userId: DEFAULT_SIMPLISAFE_USER_ID, accessTokenSecretRef: 'home.token' },
    ...extra,
  } satisfies SourceConfigInput)
  return { sim, h }
}

describe('SimpliSafe preset with the simulator', { timeout: 30_000 }, () => {
  afterEach(async () => {
    h?.dispose()
    await sim?.close()
    h = sim = undefined
  })

  it('identifies, opens on subscribed, and names events from their eventCid', async () => {
    const { sim, h } = await start()
    await h.waitState('home', 'open')
    const identify = JSON.parse(h.sent[0]!) as Record<string, unknown>
    expect(identify).toMatchObject({
      type: 'com.simplisafe.connection.identify',
      specversion: '1.0',
      datacontenttype: 'application/json',
      source: 'Vigil',
      data: {
        auth: { schema: 'bearer', token: DEFAULT_SIMPLISAFE_TOKEN },
        join: [`uid:${DEFAULT_SIMPLISAFE_USER_ID}`],
      },
    })
    expect(identify.id).toMatch(/^ts:\d+$/)
    expect(Date.parse(identify.time as string)).toBe(Number((identify.id as string).slice(3)))

    sim.emit(3401)
    sim.emit(9700)
    sim.emit(1602)
    await h.until(() => h.eventsOf('home').length === 3, 'three events')
    const [armed, unlocked, unknown] = h.eventsOf('home')
    expect(armed!.type).toBe('armed_away')
    expect(armed!.payload).toMatchObject({ eventCid: 3401, sid: 7_654_321 })
    expect(typeof (armed!.payload as { eventTimestamp: unknown }).eventTimestamp).toBe('number')
    expect(unlocked!.type).toBe('lock_unlocked')
    expect(unknown!.type).toBe('cid_1602')
    expect(unknown!.payload).toMatchObject({ eventCid: 1602 })
    // hello and registered were control frames, subscribed the login reply: no events.
    expect(h.view('home').counters.events).toBe(3)
    expect(h.view('home').counters.frames).toBe(6)
  })

  it('goes stale after five minutes of silence', async () => {
    const { sim, h } = await start(DEFAULT_SIMPLISAFE_TOKEN, {
      keepalive: { pingIntervalMs: 0 },
    })
    await h.waitState('home', 'open')
    h.clock.advance(299_000)
    expect(h.view('home').state).toBe('open')
    sim.faults.setHalfOpen(true)
    h.clock.advance(1_000)
    await h.waitState('home', 'stale')
    expect(h.view('home').lastError).toMatchObject({
      kind: 'silence',
      message: 'nothing received for 300 s',
    })
  })

  it('says what a 403 means and waits the full reconnect cap between tries', async () => {
    const { sim, h } = await start()
    await h.waitState('home', 'open')
    sim.faults.rejectUpgrades(403)
    sim.faults.dropAll()
    await h.waitState('home', 'reconnecting')
    h.clock.advance(h.view('home').nextRetryAt! - h.clock.now())
    await h.until(() => h.view('home').lastError?.message.startsWith('SimpliSafe') === true, '403')
    await h.waitState('home', 'reconnecting')
    const view = h.view('home')
    expect(view.lastError!.message).toMatch(
      /^SimpliSafe refused the connection: the service has been answering some clients with 403/,
    )
    expect(view.lastError!.message).toContain('HTTP 403')
    expect(view.nextRetryAt! - h.clock.now()).toBeGreaterThanOrEqual(30_000)
  })

  it('shows a rejected access token as a failed login', async () => {
    const { h } = await start('expired-token')
    await h.waitState('home', 'reconnecting')
    expect(h.view('home').lastError).toMatchObject({ kind: 'auth' })
    expect(h.view('home').lastError!.message).toMatch(
      /^SimpliSafe rejected the access token: sign in again and store a fresh token \(the server closed the connection \(4401/,
    )
  })
})
