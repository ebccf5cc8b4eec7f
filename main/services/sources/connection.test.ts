/** One Connection on a real socket, without a session around it: what its listener is told. */

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../testing/manual-clock'
import { plainDial } from '../testing/plain-dial'
import { startTestServer, waitFor, type TestServer } from '../testing/test-server'
import { Connection, type ConnectionListener, type FrameListener } from './connection'
import { wsSocketFactory } from './socket-factory'

interface Heard {
  frames: unknown[]
  bad: string[]
  ended: string[]
}

describe('Connection', () => {
  let server: TestServer
  let connection: Connection | undefined

  beforeEach(async () => {
    server = await startTestServer()
  })

  afterEach(async () => {
    connection?.close()
    await server.close()
  })

  async function open(overrides: Partial<ConnectionListener & FrameListener> = {}): Promise<Heard> {
    const heard: Heard = { frames: [], bad: [], ended: [] }
    const { settings, plan } = await plainDial(server.url)
    let ready = false
    const listener: ConnectionListener & FrameListener = {
      authenticating: () => {},
      ready: () => (ready = true),
      received: () => {},
      frame: (frame) => heard.frames.push(frame),
      badFrame: (kind, message) => heard.bad.push(`${kind}: ${message}`),
      ignored: () => {},
      sendFailed: () => {},
      ended: (end) => heard.ended.push(end.message),
      ...overrides,
    }
    const clock = new ManualClock()
    const ports = { clock, socketFactory: wsSocketFactory }
    connection = new Connection(plan, settings, ports, listener, listener)
    await waitFor(() => ready && server.sockets.length === 1, 'the connection to open')
    return heard
  }

  it('keeps reading when handling a frame throws, and reports that frame', async () => {
    const frames: unknown[] = []
    const heard = await open({
      frame: (frame) => {
        if ((frame as { boom?: boolean }).boom) throw new TypeError('listener bug')
        frames.push(frame)
      },
    })
    server.broadcast('{"n":1}')
    server.broadcast('{"boom":true}')
    server.broadcast('{"n":2}')
    await waitFor(
      () => frames.length === 2,
      'the frames on either side of the one that threw',
      2_000,
    )
    expect(frames).toEqual([{ n: 1 }, { n: 2 }])
    expect(heard.bad).toEqual(['malformed-frame: Vigil could not handle a frame: listener bug'])
    expect(heard.ended).toEqual([])
    expect(connection!.phase).toBe('ready')
  })

  it('survives a listener that throws while a failure is being reported', async () => {
    const received: string[] = []
    await open({
      received: (data) => received.push(data.toString()),
      frame: () => {
        throw new Error('first')
      },
      badFrame: () => {
        throw new Error('second')
      },
    })
    server.broadcast('{"n":1}')
    server.broadcast('{"n":2}')
    await waitFor(() => received.length === 2, 'both frames', 2_000)
    expect(connection!.phase).toBe('ready')
  })
})
