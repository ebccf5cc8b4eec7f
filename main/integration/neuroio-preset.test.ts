/**
 * The NeuroIO preset end to end against the NeuroIO simulator: the AUTH message with the stored
 * token, `{"auth":"ok"}` opening the source, entries as events typed by result, PING every 5 s
 * answered by PONG (and a source that stops answering, or answers otherwise, dropped), binary
 * frames ignored without an error, error frames, and a bad token shown as a rejected login.
 */

import { afterEach, describe, expect, it } from 'vitest'
import type { SourceConfigInput } from '../../shared/source-config'
import {
  DEFAULT_NEUROIO_TOKEN,
  startNeuroioSimulator,
  type NeuroioSimulatorOptions,
  type RunningNeuroioSimulator,
} from '../simulators/neuroio/neuroio-simulator'
import { startPresetHarness, type PresetHarness } from './preset-harness'

let sim: RunningNeuroioSimulator | undefined
let h: PresetHarness | undefined

async function start(
  options: NeuroioSimulatorOptions = {},
  token: string | null = DEFAULT_NEUROIO_TOKEN,
) {
  sim = await startNeuroioSimulator({ rate: 0, binaryRate: 0, seed: 3, ...options })
  h = startPresetHarness()
  if (token !== null) await h.secrets.set('faces.token', token)
  h.add({
    id: 'faces',
    name: 'Front door',
    preset: 'neuroio',
    url: sim.url,
    reconnect: { initialMs: 100, maxMs: 10_000 },
    watchdog: { deadChannelMs: 0 },
    options: { tokenSecretRef: 'faces.token' },
  } satisfies SourceConfigInput)
  return { sim, h }
}

describe('NeuroIO preset with the simulator', { timeout: 30_000 }, () => {
  afterEach(async () => {
    h?.dispose()
    await sim?.close()
    h = sim = undefined
  })

  it('logs in with the stored token and types entries by their result', async () => {
    const { sim, h } = await start()
    await h.waitState('faces', 'open')
    expect(JSON.parse(h.sent[0]!)).toEqual({
      action: 'AUTH',
      data: { token: DEFAULT_NEUROIO_TOKEN },
    })
    sim.emit('exact', { confidence: 91.5, mood: 'happiness' })
    sim.emit('nm')
    await h.until(() => h.eventsOf('faces').length === 2, 'two events')
    const [exact, nm] = h.eventsOf('faces')
    expect(exact!.type).toBe('exact')
    expect(exact!.payload).toMatchObject({ result: 'exact', confidence: 91.5, mood: 'happiness' })
    expect(typeof (exact!.payload as { id: unknown }).id).toBe('number')
    expect(nm!.type).toBe('nm')
    expect(nm!.payload).toMatchObject({ result: 'nm', pid: null, confidence: null })
    // The login reply is not an event.
    expect(h.view('faces').counters.events).toBe(2)
  })

  it('pings every 5 s; PONG keeps it open, silence drops it as a keepalive failure', async () => {
    const { sim, h } = await start()
    await h.waitState('faces', 'open')
    for (let ping = 1; ping <= 4; ping++) {
      const frames = h.view('faces').counters.frames
      h.clock.advance(5_000)
      expect(h.sent.filter((text) => text === '{"action":"PING"}')).toHaveLength(ping)
      await h.until(() => h.view('faces').counters.frames > frames, 'PONG')
    }
    expect(h.view('faces').state).toBe('open')
    expect(h.view('faces').counters.events).toBe(0)

    sim.faults.setHalfOpen(true)
    h.clock.advance(15_000)
    await h.waitState('faces', 'reconnecting')
    expect(h.view('faces').lastError).toMatchObject({ kind: 'keepalive' })
    expect(h.view('faces').lastError!.message).toMatch(/no reply to the application ping/)
  })

  it('drops the connection at once when PING is answered with anything but PONG', async () => {
    const { sim, h } = await start()
    await h.waitState('faces', 'open')
    const frames = h.view('faces').counters.frames
    h.clock.advance(5_000)
    await h.until(() => h.view('faces').counters.frames > frames, 'PONG')
    expect(h.view('faces').state).toBe('open')

    sim.setBadPingReply(true)
    // The next PING's answer ends it, long before the reply timeout could.
    h.clock.advance(5_000)
    await h.waitState('faces', 'reconnecting')
    expect(h.view('faces').lastError).toMatchObject({
      kind: 'keepalive',
      message: 'NeuroIO answered PING with {"PING":"ERROR"}, not PONG: the connection is unhealthy',
    })
    expect(h.view('faces').counters.errors).toBe(1)
  })

  it('ignores binary frames without an error, and reports error frames', async () => {
    const { sim, h } = await start({ rate: 50, binaryRate: 1 })
    await h.waitState('faces', 'open')
    await h.until(() => h.view('faces').counters.ignored >= 3, 'binary frames')
    expect(h.view('faces').counters.errors).toBe(0)
    expect(h.view('faces').counters.events).toBeGreaterThanOrEqual(3)
    sim.sendError('Rate limit exceeded')
    await h.until(() => h.view('faces').counters.errors === 1, 'the error frame')
    expect(h.view('faces').lastError).toMatchObject({
      kind: 'server-error',
      message: 'NeuroIO: Rate limit exceeded',
    })
    expect(h.view('faces').state).toBe('open')
  })

  it('waits for a token that is not stored, and connects once it is', async () => {
    const { h } = await start({}, null)
    await h.waitState('faces', 'reconnecting')
    expect(h.view('faces').lastError).toMatchObject({
      kind: 'config',
      message:
        'the secret "faces.token" is not stored: enter it in this source\'s settings (Edit), and Vigil connects with it',
    })
    await h.secrets.set('faces.token', DEFAULT_NEUROIO_TOKEN)
    h.monitor.secretChanged('faces.token')
    await h.waitState('faces', 'open')
  })

  it('shows a bad token as a rejected login and backs off hard', async () => {
    const { h } = await start({}, 'not-the-token')
    await h.waitState('faces', 'reconnecting')
    const view = h.view('faces')
    expect(view.lastError).toMatchObject({
      kind: 'auth',
      message: 'NeuroIO rejected the token: Invalid token',
    })
    expect(view.nextRetryAt! - h.clock.now()).toBeGreaterThanOrEqual(5_000)
    expect(JSON.stringify(view)).not.toContain('not-the-token')
  })
})
