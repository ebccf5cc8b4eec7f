/**
 * The PI Web API preset end to end against the PI simulator: Basic auth from the options (the
 * password from the secret store) on a channel URL built by the preset's own URL builder, initial
 * values flattened to one event per stream value, digital states kept as objects, string booleans
 * read as booleans, empty messages as heartbeats, WebException frames as errors, and wrong
 * credentials (401) shown as such.
 */

import { afterEach, describe, expect, it } from 'vitest'
import { buildPresetUrl } from '../../shared/presets'
import type { SourceConfigInput } from '../../shared/source-config'
import { PI_ELEMENTS } from '../simulators/piwebapi/pi-catalog'
import {
  DEFAULT_PI_PASSWORD,
  DEFAULT_PI_USER,
  startPiSimulator,
  type PiSimulatorOptions,
  type RunningPiSimulator,
} from '../simulators/piwebapi/pi-simulator'
import { startPresetHarness, type PresetHarness } from './preset-harness'

const PUMP = PI_ELEMENTS[0]!

let sim: RunningPiSimulator | undefined
let h: PresetHarness | undefined

const BASIC = { auth: 'basic', username: DEFAULT_PI_USER, passwordSecretRef: 'pump.password' }

async function start(
  simOptions: PiSimulatorOptions,
  password = DEFAULT_PI_PASSWORD,
  auth: Record<string, string> = BASIC,
  source: { options?: Record<string, unknown>; silenceMs?: number } = {},
) {
  sim = await startPiSimulator({ rate: 0, pollMs: 20, badValueRate: 0, seed: 5, ...simOptions })
  h = startPresetHarness()
  await h.secrets.set('pump.password', password)
  const options = {
    server: `127.0.0.1:${sim.port}`,
    target: 'element',
    webIds: [PUMP.webId],
    includeInitialValues: true,
    heartbeatRate: 2,
    ...auth,
    ...source.options,
  }
  // The simulator speaks plain ws://; the builder writes wss:// for real servers.
  const url = buildPresetUrl('piwebapi', options)!.replace(/^wss:/, 'ws:')
  h.add({
    id: 'pump',
    name: 'Pump 101',
    preset: 'piwebapi',
    url,
    keepalive: { pingIntervalMs: 0 },
    reconnect: { initialMs: 100, maxMs: 10_000 },
    watchdog: { silenceMs: source.silenceMs ?? 2_000, deadChannelMs: 0 },
    options,
  } satisfies SourceConfigInput)
  return { sim, h }
}

type PiEvent = Record<string, unknown>

describe('PI Web API preset with the simulator', { timeout: 30_000 }, () => {
  afterEach(async () => {
    h?.dispose()
    await sim?.close()
    h = sim = undefined
  })

  it('flattens initial values into one event per stream, typed by name', async () => {
    const { h } = await start({})
    await h.waitState('pump', 'open')
    await h.until(() => h.eventsOf('pump').length === PUMP.attributes.length, 'initial values')
    const events = h.eventsOf('pump')
    expect(events.map((event) => event.type).sort()).toEqual(
      PUMP.attributes.map((attribute) => attribute.name).sort(),
    )
    const byName = new Map(events.map((event) => [event.type, event.payload as PiEvent]))
    const flow = byName.get('Flow')!
    expect(flow).toMatchObject({
      WebId: PUMP.attributes.find((a) => a.name === 'Flow')!.webId,
      Name: 'Flow',
      Path: `${PUMP.path}|Flow`,
      UnitsAbbreviation: 'm3/h',
      Good: true,
      Questionable: expect.any(Boolean),
      Substituted: expect.any(Boolean),
      Annotated: expect.any(Boolean),
    })
    expect(typeof flow.Value).toBe('number')
    expect(typeof flow.Timestamp).toBe('string')
    // A digital state stays the object the server sent.
    expect(byName.get('Status')!.Value).toEqual({
      Name: expect.any(String),
      Value: expect.any(Number),
    })
    expect(typeof byName.get('High Vibration')!.Value).toBe('boolean')
  })

  it('reads string booleans as booleans, keeps quiet channels open on heartbeats, reports WebException', async () => {
    const { sim, h } = await start({ booleans: 'string' })
    await h.waitState('pump', 'open')
    await h.until(() => h.eventsOf('pump').length === PUMP.attributes.length, 'initial values')
    for (const event of h.eventsOf('pump')) {
      expect((event.payload as PiEvent).Good).toBe(true)
      expect(typeof (event.payload as PiEvent).Questionable).toBe('boolean')
    }
    // Values stay as the server sent them: this server writes a boolean value as text.
    const vibration = h.eventsOf('pump').find((event) => event.type === 'High Vibration')!
    expect(['true', 'false']).toContain((vibration.payload as PiEvent).Value)

    // No data: heartbeats (empty messages) arrive, count as life, and are no events.
    for (let step = 0; step < 4; step++) {
      const frames = h.view('pump').counters.frames
      await h.until(() => h.view('pump').counters.frames > frames, 'a heartbeat')
      h.clock.advance(1_500)
    }
    expect(h.view('pump').state).toBe('open')
    expect(h.eventsOf('pump')).toHaveLength(PUMP.attributes.length)

    sim.sendWebException(502, ['The PI Data Archive did not respond to the data request.'])
    await h.until(() => h.view('pump').counters.errors === 1, 'the WebException')
    expect(h.view('pump').lastError).toMatchObject({
      kind: 'server-error',
      message: 'PI Web API error 502: The PI Data Archive did not respond to the data request.',
    })
  })

  it('marks a channel that stops polling stale: no heartbeat for twice heartbeatRate intervals', async () => {
    // Heartbeats due every 2 polling intervals of (as the options say) 1 s: stale after 4 s.
    const { sim, h } = await start({}, DEFAULT_PI_PASSWORD, BASIC, {
      options: { pollingIntervalMs: 1_000 },
      silenceMs: 0,
    })
    await h.waitState('pump', 'open')
    await h.until(() => h.eventsOf('pump').length === PUMP.attributes.length, 'initial values')
    for (let step = 0; step < 4; step++) {
      const frames = h.view('pump').counters.frames
      await h.until(() => h.view('pump').counters.frames > frames, 'a heartbeat')
      h.clock.advance(3_000)
      expect(h.view('pump').state).toBe('open')
    }
    sim.faults.setHalfOpen(true)
    h.clock.advance(4_000)
    await h.waitState('pump', 'stale')
    expect(h.view('pump').lastError).toMatchObject({
      kind: 'silence',
      message: expect.stringMatching(/no heartbeat for 4 s/),
    })
  })

  it('delivers changed values as they come, several per stream when they pile up', async () => {
    const { sim, h } = await start({})
    await h.waitState('pump', 'open')
    await h.until(() => h.eventsOf('pump').length === PUMP.attributes.length, 'initial values')
    sim.setRate(200)
    await h.until(() => h.eventsOf('pump').length > 60, 'live values')
    const live = h.eventsOf('pump').slice(PUMP.attributes.length)
    expect(new Set(live.map((event) => event.type)).size).toBeGreaterThan(3)
    expect(live.every((event) => typeof (event.payload as PiEvent).WebId === 'string')).toBe(true)
  })

  it('sends a Bearer token from the secret store when the options say bearer', async () => {
    const { h } = await start({ bearerTokens: ['oidc-access-token'] }, DEFAULT_PI_PASSWORD, {
      auth: 'bearer',
      tokenSecretRef: 'pump.token',
    })
    await h.waitState('pump', 'reconnecting')
    expect(h.view('pump').lastError!.message).toMatch(/^the secret "pump.token" is not stored/)
    await h.secrets.set('pump.token', 'oidc-access-token')
    h.monitor.secretChanged('pump.token')
    await h.waitState('pump', 'open')
    await h.until(() => h.eventsOf('pump').length === PUMP.attributes.length, 'initial values')
  })

  it('shows wrong credentials (401) as rejected, and backs off hard', async () => {
    const { h } = await start({}, 'wrong-password')
    await h.waitState('pump', 'reconnecting')
    const view = h.view('pump')
    expect(view.lastError).toMatchObject({ kind: 'auth' })
    expect(view.lastError!.message).toMatch(/^PI Web API did not accept the credentials/)
    expect(view.lastError!.message).toContain('HTTP 401')
    expect(view.lastError!.message).not.toContain('wrong-password')
    expect(view.nextRetryAt! - h.clock.now()).toBeGreaterThanOrEqual(5_000)
  })
})
