/**
 * Plays a recording back as a websocket server, so a recorded stream becomes a source of its own
 * that goes through the same session, classifier, triggers and history as the live one.
 *
 * - Timing: frames keep their recorded spacing divided by `speed`; `max` sends as fast as the
 *   connection takes them (waiting while the socket's send buffer is full).
 * - The file is read line by line as it plays, so a recording of any size costs little memory.
 * - Playback is a stream, not a script: it pauses while no client is connected and resumes where
 *   it was when one connects again (a reconnect does not replay what was already sent). After the
 *   last frame the server stays open and quiet.
 * - Every frame goes to every connected client, as a broadcast server would.
 */

import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { createInterface } from 'node:readline'
import { setTimeout as delay } from 'node:timers/promises'
import { WebSocket, WebSocketServer } from 'ws'
import {
  parseRecordingHeader,
  parseRecordingLine,
  type RecordingHeader,
  type ReplaySpeed,
} from '../../../shared/recording'
import { errorText } from '../../../shared/utils/error-text'

export interface ReplayServerOptions {
  file: string
  speed: ReplaySpeed
  host?: string
  port?: number
}

export interface RunningReplay {
  readonly port: number
  readonly url: string
  readonly header: RecordingHeader
  /** Resolves once the last frame has been sent, or playback stopped (closed, or a read error). */
  readonly finished: Promise<void>
  /** Frames sent so far. */
  sent(): number
  close(): Promise<void>
}

/** Above this many bytes waiting in a client's send buffer, a `max` replay waits for it. */
const HIGH_WATER_BYTES = 1024 * 1024

/** Reads line 1 and checks that the file is a recording (a clear error if not). */
export async function readRecordingHeader(file: string): Promise<RecordingHeader> {
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(64 * 1024)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    const firstLine = buffer.subarray(0, bytesRead).toString('utf8').split('\n', 1)[0] ?? ''
    const parsed = parseRecordingHeader(firstLine)
    if (!parsed.ok) throw new Error(`${file} is not a Vigil recording: ${parsed.message}`)
    return parsed.header
  } finally {
    await handle.close()
  }
}

export async function startReplayServer(options: ReplayServerOptions): Promise<RunningReplay> {
  const header = await readRecordingHeader(options.file)
  const wss = new WebSocketServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    perMessageDeflate: false,
  })
  await new Promise<void>((ready, fail) => {
    wss.once('listening', () => ready())
    wss.once('error', fail)
  })
  const { port } = wss.address() as AddressInfo

  let closed = false
  let sent = 0
  // Cancels a wait for a frame's time, so closing never waits out a long gap in the recording.
  const stopping = new AbortController()
  const sleep = (ms: number) => delay(ms, undefined, { signal: stopping.signal })
  let connected: (() => void) | undefined
  const open = () => [...wss.clients].filter((client) => client.readyState === WebSocket.OPEN)
  const waitForClient = () =>
    open().length > 0 || closed ? Promise.resolve() : new Promise<void>((r) => (connected = r))
  wss.on('connection', () => {
    connected?.()
    connected = undefined
  })

  // Kept to be destroyed: closing the line reader leaves its input open (and, paused part way
  // through a large file, holding the file) for good.
  const input = createReadStream(options.file, { encoding: 'utf8' })
  const lines = createInterface({ input, crlfDelay: Infinity })
  const release = () => {
    lines.close()
    input.destroy()
  }

  async function play(): Promise<void> {
    let first = true
    // Wall time at which the first frame was sent, and its recorded time; a pause moves baseWall.
    let baseWall = 0
    let baseAt: number | null = null
    for await (const line of lines) {
      if (closed) return
      if (first) {
        first = false
        continue
      }
      const entry = parseRecordingLine(line)
      if (!entry || entry.kind === 'end') continue
      if (options.speed !== 'max' && baseAt !== null) {
        const wait = baseWall + (entry.at - baseAt) / options.speed - Date.now()
        // Timers are too coarse for sub-millisecond gaps: those frames go out together.
        if (wait >= 1) await sleep(wait)
      }
      // Checked after the wait: the client may have left meanwhile, and this frame is its next.
      if (open().length === 0) {
        const pausedAt = Date.now()
        await waitForClient()
        baseWall += Date.now() - pausedAt
      }
      while (!closed && open().some((client) => client.bufferedAmount > HIGH_WATER_BYTES))
        await sleep(2)
      if (closed) return
      if (baseAt === null) {
        baseWall = Date.now()
        baseAt = entry.at
      }
      const data = entry.kind === 'frame' ? entry.text : Buffer.from(entry.base64, 'base64')
      for (const client of open()) client.send(data, { binary: entry.kind === 'binary' })
      sent++
    }
  }
  const finished = play()
    .catch((error: unknown) => {
      // A file that cannot be read any further ends the stream the way a failing server would.
      if (closed) return
      // A close reason is at most 123 bytes.
      const reason = `recording unreadable: ${errorText(error)}`.slice(0, 100)
      for (const client of wss.clients) client.close(1011, reason)
    })
    .finally(release)

  return {
    port,
    url: `ws://127.0.0.1:${port}/`,
    header,
    finished,
    sent: () => sent,
    async close() {
      closed = true
      stopping.abort()
      connected?.()
      release()
      for (const client of wss.clients) client.terminate()
      await new Promise<void>((done) => wss.close(() => done()))
      await finished
    },
  }
}
