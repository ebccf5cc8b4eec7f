/**
 * A wrong type path is not silent: a Census source whose `eventTypePath` is written from the
 * frame's top (`payload.event_name`, when paths are relative to the event payload) types every
 * event `unknown`, and the source says so with the fix; correcting the path clears it.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  startCensusSimulator,
  type RunningCensusSimulator,
} from '../simulators/census/census-simulator'
import { startPresetHarness, type PresetHarness } from './preset-harness'

let sim: RunningCensusSimulator
let h: PresetHarness

const source = (eventTypePath: string) => ({
  id: 'ps2',
  name: 'PlanetSide 2',
  preset: 'census' as const,
  url: `ws://127.0.0.1:${sim.port}/streaming?environment=ps2&service-id=s:example`,
  eventTypePath,
  keepalive: { pingIntervalMs: 0 },
  watchdog: { deadChannelMs: 0 },
  options: { eventNames: ['all'], worlds: ['all'] },
})

describe('the unknown-types notice', { timeout: 30_000 }, () => {
  beforeEach(async () => {
    sim = await startCensusSimulator({ rate: 200, duplicateRate: 0, seed: 11 })
    h = startPresetHarness()
  })

  afterEach(async () => {
    h.dispose()
    await sim.close()
  })

  it('names the wrong path and proposes event_name; a corrected path clears it', async () => {
    h.add(source('payload.event_name'))
    await h.until(() => h.view('ps2').notices.length > 0, 'the notice')
    expect(h.eventsOf('ps2').every((event) => event.type === 'unknown')).toBe(true)
    const [notice] = h.view('ps2').notices
    expect(notice).toMatchObject({
      code: 'unknown-types',
      suggestion: { eventTypePath: 'event_name' },
    })
    expect(notice!.message).toMatch(
      /^most recent events have no `payload\.event_name`, so they are typed `unknown`; paths are relative to the event payload: try `event_name` \(it holds \w+/,
    )

    // It describes the settings, not the connection: a reconnect keeps it.
    sim.faults.dropAll()
    await h.waitState('ps2', 'reconnecting')
    h.clock.advance(60_000)
    await h.waitState('ps2', 'open')
    expect(h.view('ps2').notices.map((n) => n.code)).toEqual(['unknown-types'])

    h.add(source('event_name'))
    expect(h.view('ps2').notices).toEqual([])
    const before = h.eventsOf('ps2').length
    await h.until(() => h.eventsOf('ps2').length > before + 60, 'three blocks of typed events')
    expect(h.view('ps2').notices).toEqual([])
    expect(
      h
        .eventsOf('ps2')
        .slice(before)
        .some((event) => event.type === 'unknown'),
    ).toBe(false)
  })
})
