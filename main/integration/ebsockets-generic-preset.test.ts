/**
 * The ebsockets-style and Generic JSON presets end to end against the ebsockets simulator: events
 * typed by `event` with their attributes, events sent back in the same shape, a refused upgrade,
 * and the Generic preset's rules telling events from heartbeats, errors and control frames.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildEventMessage } from '../../shared/presets'
import type { SourceConfigInput } from '../../shared/source-config'
import {
  startEbsocketsSimulator,
  type RunningEbsocketsSimulator,
} from '../simulators/ebsockets/ebsockets-simulator'
import { startPresetHarness, type PresetHarness } from './preset-harness'

let sim: RunningEbsocketsSimulator
let h: PresetHarness

function source(extra: Partial<SourceConfigInput>): SourceConfigInput {
  return {
    id: 'chat',
    name: 'Chat',
    preset: 'ebsockets',
    url: sim.url,
    keepalive: { pingIntervalMs: 0 },
    reconnect: { initialMs: 100, maxMs: 10_000 },
    watchdog: { deadChannelMs: 0 },
    ...extra,
  }
}

describe('ebsockets-style and Generic presets with the simulator', { timeout: 30_000 }, () => {
  beforeEach(async () => {
    sim = await startEbsocketsSimulator({ rate: 0, seed: 13 })
    h = startPresetHarness()
  })

  afterEach(async () => {
    h.dispose()
    await sim.close()
  })

  it('types events by "event", keeps their attributes, and sends events of the same shape', async () => {
    h.add(source({}))
    await h.waitState('chat', 'open')
    sim.emit({ event: 'alert', level: 'critical', content: 'api error rate above 5%', id: 4242 })
    await h.until(() => h.eventsOf('chat').length === 1, 'the alert')
    expect(h.eventsOf('chat')[0]).toMatchObject({
      type: 'alert',
      payload: { event: 'alert', level: 'critical', content: 'api error rate above 5%', id: 4242 },
    })

    const ping = buildEventMessage('ebsockets', 'ping', { n: 1, event: 'ignored' })!
    expect(JSON.parse(ping)).toEqual({ event: 'ping', n: 1 })
    h.monitor.send('chat', ping)
    h.monitor.send(
      'chat',
      buildEventMessage('ebsockets', 'message', { content: 'hi', user: 'me' })!,
    )
    await h.until(() => h.eventsOf('chat').length === 3, 'the pong and the relayed message')
    expect(h.eventsOf('chat').slice(1)).toMatchObject([
      { type: 'pong', payload: { event: 'pong', n: 1 } },
      { type: 'message', payload: { event: 'message', content: 'hi', user: 'me' } },
    ])
  })

  it('shows a refused upgrade in words and backs off hard', async () => {
    sim.faults.rejectUpgrades(403)
    h.add(source({}))
    await h.waitState('chat', 'reconnecting')
    expect(h.view('chat').lastError).toMatchObject({
      kind: 'handshake',
      message:
        'the server refused access (HTTP 403 Forbidden): it does not accept these credentials or this address',
      detail: 'the server refused the websocket upgrade: HTTP 403 Forbidden',
    })
    expect(h.view('chat').nextRetryAt! - h.clock.now()).toBeGreaterThanOrEqual(5_000)
  })

  it('Generic JSON: rules pick events, heartbeats and errors; the rest is control', async () => {
    h.add(
      source({
        preset: 'generic',
        eventTypePath: 'event',
        watchdog: { silenceMs: 2_000, deadChannelMs: 0 },
        options: {
          eventWhen: { path: 'event', equals: 'message' },
          heartbeatWhen: { path: 'event', equals: 'pong' },
          errorWhen: { path: 'event', equals: 'error' },
        },
      }),
    )
    await h.waitState('chat', 'open')
    sim.emit({ event: 'join', user: 'ada', channel: 'ops' })
    sim.emit({ event: 'message', content: 'deploy finished', user: 'ada', channel: 'ops' })
    await h.until(() => h.eventsOf('chat').length === 1, 'the message')
    expect(h.eventsOf('chat')[0]).toMatchObject({ type: 'message' })

    // pongs count as life for the silence watch without being events
    for (let step = 0; step < 3; step++) {
      const frames = h.view('chat').counters.frames
      h.monitor.send('chat', '{"event":"ping"}')
      await h.until(() => h.view('chat').counters.frames > frames, 'a pong')
      h.clock.advance(1_500)
    }
    expect(h.view('chat').state).toBe('open')

    h.monitor.send('chat', 'not json') // the server answers {"event":"error",...}
    await h.until(() => h.view('chat').counters.errors === 1, 'the error frame')
    expect(h.view('chat').lastError).toMatchObject({ kind: 'server-error' })
    expect(h.view('chat').lastError!.message).toContain('frames must be JSON')
    expect(h.eventsOf('chat')).toHaveLength(1)
  })
})
