/** The PI Web API heartbeat watch, without a socket (the simulator suite covers the wire). */

import { describe, expect, it } from 'vitest'
import type { SourceConfig } from '../../../shared/source-config'
import { resolveSettings } from '../sources/connection-settings'
import type { FrameSink } from './preset'

function pi(options: Record<string, unknown>): SourceConfig {
  return {
    id: 'pump',
    name: 'Pump',
    preset: 'piwebapi',
    enabled: true,
    url: 'wss://pi.example.com/piwebapi/streams/F1DPa/channel?heartbeatRate=5',
    headers: {},
    onOpen: [],
    options,
  }
}

describe('PI Web API heartbeat watch', () => {
  it('waits twice heartbeatRate polling intervals, and only when heartbeats are asked for', () => {
    expect(resolveSettings(pi({})).heartbeatTimeoutMs).toBe(0)
    expect(resolveSettings(pi({ heartbeatRate: 5 })).heartbeatTimeoutMs).toBe(50_000)
    expect(
      resolveSettings(pi({ heartbeatRate: 5, pollingIntervalMs: 1_000 })).heartbeatTimeoutMs,
    ).toBe(10_000)
  })

  it('counts values as well as empty messages as signs the channel polls', () => {
    const { classifier } = resolveSettings(pi({ heartbeatRate: 5 }))
    const seen: string[] = []
    const sink: FrameSink = {
      event: (type) => seen.push(`event:${type}`),
      heartbeat: () => seen.push('heartbeat'),
      control: () => seen.push('control'),
      error: () => seen.push('error'),
      duplicate: () => seen.push('duplicate'),
      notice: () => {},
      unhealthy: () => seen.push('unhealthy'),
    }
    const values = {
      Links: {},
      Items: [{ WebId: 'F1DPa', Name: 'Flow', Items: [{ Timestamp: 't', Value: 1, Good: true }] }],
    }
    const empty = { Links: {}, Items: [] }
    for (const frame of [values, empty])
      classifier.classify(frame, sink, 0, Buffer.from(JSON.stringify(frame)))
    expect(seen).toEqual(['heartbeat', 'event:Flow', 'heartbeat'])
  })
})
