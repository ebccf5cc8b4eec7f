/** The NeuroIO classifier, without a socket (the simulator suite covers the wire). */

import { describe, expect, it } from 'vitest'
import { resolveSettings } from '../sources/connection-settings'
import type { FrameSink } from './preset'

describe('NeuroIO classifier', () => {
  it('reads a PING answer other than PONG as the service calling the connection unhealthy', () => {
    const { classifier } = resolveSettings({
      id: 'faces',
      name: 'Faces',
      preset: 'neuroio',
      enabled: true,
      url: 'wss://events.neuroio.com',
      headers: {},
      onOpen: [],
      options: {},
    })
    const seen: string[] = []
    const sink: FrameSink = {
      event: (type) => seen.push(`event:${type}`),
      heartbeat: () => seen.push('heartbeat'),
      control: () => seen.push('control'),
      error: (message) => seen.push(`error:${message}`),
      duplicate: () => seen.push('duplicate'),
      notice: () => {},
      unhealthy: (message) => seen.push(`unhealthy:${message}`),
    }
    // PONG reaches the classifier only when the source turned the ping off: harmless then.
    for (const frame of [{ PING: 'PONG' }, { PING: 'ERROR' }, { PING: null }])
      classifier.classify(frame, sink, 0, Buffer.from(JSON.stringify(frame)))
    expect(seen).toEqual([
      'control',
      'unhealthy:NeuroIO answered PING with {"PING":"ERROR"}, not PONG: the connection is unhealthy',
      'unhealthy:NeuroIO answered PING with {"PING":null}, not PONG: the connection is unhealthy',
    ])
  })
})
