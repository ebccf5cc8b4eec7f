/**
 * A connection test against the Census simulator: the banner, the subscription echo, heartbeats
 * and events, each shown for what the Census preset takes it for; and with the path written
 * from the frame's top (`payload.event_name`), every event `unknown` and `event_name` proposed.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sourceConfigSchema } from '../../shared/source-config'
import { MemorySecretStore } from '../services/secrets/secret-store'
import { wsSocketFactory } from '../services/sources/socket-factory'
import { testDial } from '../services/sources/test-dial'
import { systemClock } from '../services/util/clock'
import {
  startCensusSimulator,
  type RunningCensusSimulator,
} from '../simulators/census/census-simulator'

let sim: RunningCensusSimulator

function census(eventTypePath?: string) {
  return sourceConfigSchema.parse({
    id: 'ps2',
    name: 'PlanetSide 2',
    preset: 'census',
    url: `ws://127.0.0.1:${sim.port}/streaming?environment=ps2&service-id=s:example`,
    ...(eventTypePath ? { eventTypePath } : {}),
    options: { eventNames: ['all'], worlds: ['all'] },
  })
}

const ports = () => ({
  clock: systemClock,
  socketFactory: wsSocketFactory,
  resolveUrl: (url: string) => Promise.resolve(url),
  secrets: new MemorySecretStore(),
})

describe('connection test with the Census simulator', { timeout: 20_000 }, () => {
  beforeEach(async () => {
    sim = await startCensusSimulator({ rate: 20, heartbeatMs: 200, duplicateRate: 0, seed: 3 })
  })

  afterEach(async () => {
    await sim.close()
  })

  it('shows control frames, heartbeats and typed events, and proposes event_name', async () => {
    const report = await testDial(census(), ports())
    expect(report.opened).toBe(true)
    // A dozen banners first (the connection, then each world's endpoint), then events.
    expect(report.frames.slice(0, 10).every((frame) => frame.kind === 'control')).toBe(true)
    expect(report.frames.filter((frame) => frame.kind === 'event')).toHaveLength(10)
    expect(report.steps.at(-1)!.message).toBe('stopped after 10 frames with events')
    for (const frame of report.frames.filter((f) => f.kind === 'event')) {
      expect(frame.types).toHaveLength(1)
      expect(frame.types[0]).not.toBe('unknown')
    }
    expect(report.eventTypePath).toBe('event_name')
    expect(report.unknownTypes).toBe(0)
    expect(report.typeCandidates[0]?.path).toBe('event_name')
  })

  it('with payload.event_name every event is unknown, and event_name is proposed', async () => {
    const report = await testDial(census('payload.event_name'), ports())
    const events = report.frames.filter((frame) => frame.kind === 'event')
    expect(events.length).toBeGreaterThan(0)
    expect(report.unknownTypes).toBe(events.length)
    expect(report.typeCandidates[0]).toMatchObject({ path: 'event_name', coverage: 1 })
  })
})
