/**
 * A Connection that hands a read's small text frames on together (frame-batch.ts), on a real
 * socket: a test emits a read's frames on the client socket synchronously, as ws does, and
 * compares what the listener hears with a connection that does not batch.
 */

import fc from 'fast-check'
import type WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../testing/manual-clock'
import { plainDial } from '../testing/plain-dial'
import { startTestServer, waitFor, type TestServer } from '../testing/test-server'
import { Connection, type ConnectionListener, type FrameListener } from './connection'
import { wsSocketFactory } from './socket-factory'

interface Opened {
  connection: Connection
  socket: WebSocket
  /** What the listener heard, in order. */
  log: string[]
  /** Run on each parsed frame before it is logged; may throw. */
  onFrame: (frame: unknown) => void
}

const clock = new ManualClock()
/** Receive times are logged from here. */
let base = clock.now()

/** The clock at `ms` past a new base. */
function timeFromNewBase(ms: number): void {
  base = clock.now()
  clock.advance(ms)
}
let server: TestServer

async function open(batchFrames: boolean): Promise<Opened> {
  const { settings, plan } = await plainDial(server.url)
  let ready = false
  let socket: WebSocket | undefined
  const opened = { log: [] as string[], onFrame: (_frame: unknown) => {} }
  const listener: ConnectionListener & FrameListener = {
    authenticating: () => {},
    ready: () => (ready = true),
    received: (data, isBinary, at) =>
      opened.log.push(`received ${data.length} ${isBinary} @${at - base}`),
    frame: (frame, at, raw, text) => {
      opened.onFrame(frame)
      opened.log.push(`frame ${text.slice(0, 20)} @${at - base} ${raw.length}`)
    },
    badFrame: (kind, message) => opened.log.push(`${kind}: ${message}`),
    ignored: () => opened.log.push('ignored'),
    sendFailed: () => {},
    ended: (end) => opened.log.push(`ended: ${end.message}`),
  }
  const ports = {
    clock,
    batchFrames,
    socketFactory: (...args: Parameters<typeof wsSocketFactory>) =>
      (socket = wsSocketFactory(...args)),
  }
  const connection = new Connection(plan, settings, ports, listener, listener)
  await waitFor(() => ready && socket !== undefined, 'the connection to open')
  return Object.assign(opened, { connection, socket: socket! })
}

/** Emits `frames` on the client socket in one synchronous turn, as ws emits one read's frames. */
function read(opened: Opened, frames: readonly Frame[]): void {
  for (const frame of frames) opened.socket.emit('message', frame.data, frame.binary)
}

/** What the listener heard besides frames arriving, in order: what was handed on. */
function delivered(opened: Opened): string[] {
  return opened.log.filter((line) => !line.startsWith('received '))
}

/** Frames arriving, in order. */
function arrived(opened: Opened): string[] {
  return opened.log.filter((line) => line.startsWith('received '))
}

/** Lets the read's microtasks (and the batch's flush) run. */
function afterRead(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

interface Frame {
  data: Buffer
  binary: boolean
}

const text = (value: string): Frame => ({ data: Buffer.from(value), binary: false })
const LARGE = text(JSON.stringify({ pad: 'x'.repeat(5_000) }))

describe('Connection with a read’s frames batched', () => {
  let plain: Opened
  let batched: Opened

  beforeAll(async () => {
    server = await startTestServer()
    plain = await open(false)
    batched = await open(true)
  })

  afterAll(async () => {
    plain.connection.close()
    batched.connection.close()
    await server.close()
  })

  function both(): Opened[] {
    plain.log.length = batched.log.length = 0
    timeFromNewBase(0)
    return [plain, batched]
  }

  it('counts a queued frame on arrival and hands it on after the read', async () => {
    const [, b] = both()
    read(b!, [text('{"n":1}'), text('{"n":2}')])
    expect(b!.log).toEqual(['received 7 false @0', 'received 7 false @0'])
    await afterRead()
    expect(b!.log.slice(2)).toEqual(['frame {"n":1} @0 7', 'frame {"n":2} @0 7'])
  })

  it('keeps the order of queued and unqueued frames, and each read’s receive time', async () => {
    const frames = [
      text('{"n":1}'),
      { data: Buffer.from([1, 2]), binary: true },
      text('{"n":2}'),
      LARGE,
      text('{"n":3}'),
    ]
    for (const opened of both()) {
      timeFromNewBase(1_000)
      read(opened, frames)
      await afterRead()
      clock.advance(1_000)
      read(opened, [text('{"n":4}'), text('{"n":5}')])
      await afterRead()
    }
    expect(delivered(batched)).toEqual(delivered(plain))
    expect(arrived(batched)).toEqual(arrived(plain))
    expect(batched.log.filter((line) => line.startsWith('frame {"n"'))).toEqual([
      'frame {"n":1} @1000 7',
      'frame {"n":2} @1000 7',
      'frame {"n":3} @1000 7',
      'frame {"n":4} @2000 7',
      'frame {"n":5} @2000 7',
    ])
    expect(delivered(batched)[1]).toBe('binary-frame: ignored a 2-byte binary frame')
  })

  it('reports a malformed frame with today’s message and goes on', async () => {
    const [, b] = both()
    read(b!, [text('{"n":1}'), text('{nope'), text('{"n":2}')])
    await afterRead()
    expect(b!.log.slice(3)).toEqual([
      'frame {"n":1} @0 7',
      'malformed-frame: a frame was not valid JSON: "{nope"',
      'frame {"n":2} @0 7',
    ])
  })

  it('reports a frame whose handling threw, and delivers the rest', async () => {
    const [, b] = both()
    b!.onFrame = (frame) => {
      if ((frame as { boom?: boolean }).boom) throw new TypeError('listener bug')
    }
    read(b!, [text('{"boom":true}'), text('{"n":2}')])
    await afterRead()
    b!.onFrame = () => {}
    expect(b!.log.slice(2)).toEqual([
      'malformed-frame: Vigil could not handle a frame: listener bug',
      'frame {"n":2} @0 7',
    ])
  })

  it('delivers a read’s queued frames before the socket’s close', async () => {
    const opened = await open(true)
    timeFromNewBase(0)
    read(opened, [text('{"n":1}'), text('{"n":2}')])
    opened.socket.emit('close', 1000, Buffer.from('bye'))
    expect(opened.log.slice(2)).toEqual([
      'frame {"n":1} @0 7',
      'frame {"n":2} @0 7',
      'ended: the server closed the connection (1000 normal closure: bye)',
    ])
    opened.connection.close()
  })

  it('drops the rest of a read once the connection ends mid-batch', async () => {
    const opened = await open(true)
    timeFromNewBase(0)
    opened.onFrame = (frame) => {
      if ((frame as { n?: number }).n === 2) opened.connection.close()
    }
    read(opened, [text('{"n":1}'), text('{"n":2}'), text('{"n":3}')])
    await afterRead()
    expect(opened.log.slice(3)).toEqual(['frame {"n":1} @0 7', 'frame {"n":2} @0 7'])
    expect(opened.connection.phase).toBe('ended')
  })

  it('hears the same frames, in the same order, batched or not, for any reads', async () => {
    const frame = fc.oneof(
      fc.integer({ min: 0, max: 999 }).map((n) => text(JSON.stringify({ n }))),
      fc.constant(text('{"boom":true}')),
      fc.string({ maxLength: 12 }).map(text),
      fc.uint8Array({ maxLength: 8 }).map((bytes) => ({ data: Buffer.from(bytes), binary: true })),
      fc.constant(LARGE),
    )
    const throwOnBoom = (value: unknown): void => {
      if ((value as { boom?: boolean } | null)?.boom === true) throw new Error('boom')
    }
    plain.onFrame = batched.onFrame = throwOnBoom
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(frame, { maxLength: 6 }), { maxLength: 4 }),
        async (reads) => {
          for (const opened of both()) {
            timeFromNewBase(0)
            for (const frames of reads) {
              clock.advance(10)
              read(opened, frames)
              await afterRead()
            }
          }
          expect(delivered(batched)).toEqual(delivered(plain))
          expect(arrived(batched)).toEqual(arrived(plain))
        },
      ),
      { numRuns: 60 },
    )
  })
})
