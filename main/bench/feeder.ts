/**
 * The benchmark's feeder, run as a child process so it has a core of its own: a minimal websocket
 * server (RFC 6455: the upgrade, unmasked server frames, pongs and closes) that sends the
 * pre-encoded Census frames of feed-frames.ts.
 *
 *   ws://127.0.0.1:<port>/flood          as fast as the client reads: big slices of the frame
 *                                        buffer, the next one when the socket has drained
 *   ws://127.0.0.1:<port>/steady?rate=N  N frames a second, sent each millisecond or so
 *   ws://127.0.0.1:<port>/sized?bytes=N  as fast as the client reads, frames of exactly N bytes
 *                                        (`{"seq":…,"fill":"x…"}`, see sized-frames.ts), until
 *                                        the parent asks it to stop (the soak)
 *
 * It writes slices of one buffer, never a frame at a time, so its cost per frame is a fraction of
 * any client's; the benchmark checks that by reporting its busy share and its rate into a client
 * that discards everything. The parent asks for counters over IPC (see FeederStats).
 */

import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { censusFrameTexts, encodeFrames, stampFrames } from './feed-frames'
import { sizedFrameChunk } from './sized-frames'

export type FeederRequest = { type: 'stats' } | { type: 'stop' }
export type FeederMessage =
  { type: 'ready'; port: number; meanTextBytes: number } | { type: 'stats'; stats: FeederStats }

export interface FeederStats {
  /** Frames written since the feeder started. */
  frames: number
  /** Event-loop time since start, busy and idle (ms), for its busy share over a window. */
  active: number
  idle: number
}

const FRAMES = encodeFrames(censusFrameTexts(8_192))
/** Bytes per write when flooding: a few hundred frames. */
const FLOOD_SLICE = 64 * 1024
/**
 * A steady client that falls this far behind is not sent more until it catches up. Less than one
 * pass over the frames, so a copy is never re-stamped while a write still holds it (FrameCursor).
 */
const STEADY_BACKLOG = 1024 * 1024
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

let framesSent = 0
/** Set by the parent's `stop`: sized floods stop writing (their sockets stay open). */
let stopped = false

/**
 * One connection's walk over the frames, pass after pass, each pass with its own timestamp (see
 * stampFrames). Two copies of the frames alternate: the one a new pass starts on was last written
 * a whole pass ago, and nothing from it is still in flight (flooding waits for each write to
 * drain; a steady client is never sent more than STEADY_BACKLOG ahead).
 */
class FrameCursor {
  private readonly copies = [Buffer.from(FRAMES.bytes), Buffer.from(FRAMES.bytes)]
  private pass = 0
  private next = 0

  constructor() {
    stampFrames(this.copies[0]!, FRAMES, 0)
  }

  /** Whole frames from where the last call ended: at most `maxFrames` and `maxBytes` (at least
   * one frame), not past the end of the pass. Answers the bytes and how many frames they hold. */
  take(maxFrames: number, maxBytes: number): [Buffer, number] {
    const { offsets, count } = FRAMES
    const bytes = this.copies[this.pass & 1]!
    const start = this.next
    const limit = Math.min(count, start + maxFrames)
    let end = start + 1
    while (end < limit && offsets[end + 1]! - offsets[start]! <= maxBytes) end++
    this.next = end
    if (end === count) {
      this.next = 0
      this.pass++
      stampFrames(this.copies[this.pass & 1]!, FRAMES, this.pass)
    }
    framesSent += end - start
    return [bytes.subarray(offsets[start]!, offsets[end]!), end - start]
  }
}

function flood(socket: Socket): void {
  const cursor = new FrameCursor()
  const pump = (): void => {
    while (!socket.destroyed) {
      const [chunk] = cursor.take(FRAMES.count, FLOOD_SLICE)
      if (!socket.write(chunk)) {
        socket.once('drain', pump)
        return
      }
    }
  }
  pump()
}

function floodSized(socket: Socket, bytes: number): void {
  stopped = false
  let seq = 1
  const pump = (): void => {
    while (!socket.destroyed && !stopped) {
      const [chunk, count] = sizedFrameChunk(seq, bytes, FLOOD_SLICE)
      seq += count
      framesSent += count
      if (!socket.write(chunk)) {
        socket.once('drain', pump)
        return
      }
    }
  }
  pump()
}

function steady(socket: Socket, rate: number): void {
  const cursor = new FrameCursor()
  let owed = 0
  let last = performance.now()
  const tick = (): void => {
    if (socket.destroyed) return
    const now = performance.now()
    owed += ((now - last) * rate) / 1000
    last = now
    while (owed >= 1 && socket.writableLength < STEADY_BACKLOG) {
      const [chunk, frames] = cursor.take(Math.floor(owed), Number.POSITIVE_INFINITY)
      owed -= frames
      socket.write(chunk)
    }
    // A client that cannot keep up is not owed a flood later.
    if (owed > rate) owed = rate
    setTimeout(tick, 1)
  }
  tick()
}

/**
 * Reads the client's frames (masked, RFC 6455 5.3) for the few that need an answer: a ping gets
 * its pong (Vigil's keepalive closes a silent peer), a close gets a close. Text is ignored.
 */
function readClientFrames(socket: Socket): void {
  let pending: Buffer = Buffer.alloc(0)
  socket.on('data', (data: Buffer) => {
    pending = pending.length === 0 ? data : Buffer.concat([pending, data])
    while (pending.length >= 2) {
      const opcode = pending[0]! & 0x0f
      let length = pending[1]! & 0x7f
      let at = 2
      if (length === 126) {
        if (pending.length < 4) return
        length = pending.readUInt16BE(2)
        at = 4
      } else if (length === 127) {
        if (pending.length < 10) return
        length = Number(pending.readBigUInt64BE(2))
        at = 10
      }
      const masked = (pending[1]! & 0x80) !== 0
      const end = at + (masked ? 4 : 0) + length
      if (pending.length < end) return
      const body = Buffer.from(pending.subarray(end - length, end))
      if (masked) for (let i = 0; i < length; i++) body[i]! ^= pending[at + (i & 3)]!
      pending = pending.subarray(end)
      if (opcode === 0x9) socket.write(Buffer.concat([Buffer.from([0x8a, length]), body]))
      else if (opcode === 0x8) socket.end(Buffer.from([0x88, 0]))
    }
  })
}

const server = createServer((_request, response) => response.writeHead(426).end())
server.on('upgrade', (request, socket: Socket) => {
  socket.on('error', () => {})
  const key = request.headers['sec-websocket-key']
  if (typeof key !== 'string') return socket.destroy()
  const accept = createHash('sha1')
    .update(key + GUID)
    .digest('base64')
  socket.setNoDelay(true)
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
  )
  readClientFrames(socket)
  const url = new URL(request.url ?? '/', 'ws://feeder')
  if (url.pathname === '/steady') steady(socket, Number(url.searchParams.get('rate') ?? 10_000))
  else if (url.pathname === '/sized')
    floodSized(socket, Number(url.searchParams.get('bytes') ?? 300))
  else flood(socket)
})

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  process.send!({
    type: 'ready',
    port,
    meanTextBytes: FRAMES.meanTextBytes,
  } satisfies FeederMessage)
})

process.on('message', (request: FeederRequest) => {
  // A stop is answered with the final count: nothing is written after it.
  if (request.type === 'stop') stopped = true
  const { active, idle } = performance.eventLoopUtilization()
  process.send!({
    type: 'stats',
    stats: { frames: framesSent, active, idle },
  } satisfies FeederMessage)
})
// The parent going away ends the feeder too.
process.on('disconnect', () => process.exit(0))
