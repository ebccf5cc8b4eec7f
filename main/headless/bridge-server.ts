/**
 * The contract over a websocket, for the renderer running in a browser. Same channels, same
 * validation and same Result envelopes as Electron IPC (both go through `dispatchInvoke`).
 *
 * Pushes are serialised once and sent to every client. A client that cannot keep up (its send
 * buffer is past a limit) skips event batches rather than making the host buffer without bound;
 * it still receives every state change, and the next batch carries current counters. A client
 * that reads nothing at all would still let those grow without end, so past a hard limit it is
 * disconnected: the page reconnects and takes a fresh snapshot, as after any dropped link.
 */

import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { HostFrame, InvokeFrame } from '../../shared/bridge'
import { fail } from '../../shared/result'
import { dispatchInvoke } from '../services/api/dispatch'
import type { InvokeHandlers } from '../services/api/invoke-handlers'
import type { Engine } from '../services/engine'
import type { PushMessage } from '../services/engine-ports'
import type { Logger } from '../services/util/logger'

const MAX_FRAME_BYTES = 8 * 1024 * 1024
const SLOW_CLIENT_BYTES = 4 * 1024 * 1024
const STUCK_CLIENT_BYTES = 64 * 1024 * 1024
const PING_INTERVAL_MS = 30_000

export interface BridgeLimits {
  /** Send buffer past which a client skips event batches. */
  slowClientBytes: number
  /** Send buffer past which a client is disconnected. */
  stuckClientBytes: number
}

export class BridgeServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
  })
  private readonly alive = new WeakSet<WebSocket>()
  private readonly stopPushes: () => void
  private readonly pinger: ReturnType<typeof setInterval>

  constructor(
    engine: Engine,
    private readonly handlers: InvokeHandlers,
    private readonly logger: Logger,
    private readonly limits: BridgeLimits = {
      slowClientBytes: SLOW_CLIENT_BYTES,
      stuckClientBytes: STUCK_CLIENT_BYTES,
    },
  ) {
    this.stopPushes = engine.onDidPush((message) => this.broadcast(message))
    this.wss.on('connection', (socket) => this.attach(socket))
    // ws's heartbeat recipe: a client that misses a pong between two pings is gone; terminate it
    // rather than wait for TCP to notice.
    this.pinger = setInterval(() => {
      for (const client of this.wss.clients) {
        if (!this.alive.has(client)) {
          client.terminate()
          continue
        }
        this.alive.delete(client)
        client.ping()
      }
    }, PING_INTERVAL_MS)
    this.pinger.unref()
  }

  get clientCount(): number {
    return this.wss.clients.size
  }

  /** Completes an upgrade the host has already authorised. */
  accept(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, socket, head, (client) =>
      this.wss.emit('connection', client, request),
    )
  }

  close(): void {
    clearInterval(this.pinger)
    this.stopPushes()
    for (const client of this.wss.clients) client.terminate()
    this.wss.close()
  }

  private attach(socket: WebSocket): void {
    this.alive.add(socket)
    socket.on('pong', () => this.alive.add(socket))
    socket.on('error', (error) => this.logger.warn(`bridge client error: ${error.message}`))
    socket.on('message', (data, isBinary) => {
      if (isBinary) return this.refuse(socket, 'binary frames are not part of the bridge protocol')
      let frame: unknown
      try {
        frame = JSON.parse(data.toString())
      } catch {
        return this.refuse(socket, 'bridge frames must be JSON')
      }
      if (!isInvokeFrame(frame))
        return this.refuse(
          socket,
          'expected {"t":"invoke","id":<number>,"channel":<string>,"args":[...]}',
        )
      // dispatchInvoke answers every failure as a Result; the catch is the last line of defence,
      // since an unhandled rejection would end the whole host.
      void dispatchInvoke(this.handlers, frame.channel, frame.args, this.logger)
        .catch((error: unknown) => fail('internal', `bridge call failed: ${String(error)}`))
        .then((result) => send(socket, { t: 'result', id: frame.id, result }))
    })
  }

  /** A frame that is not an invoke has no id to answer to: close with a policy-violation code. */
  private refuse(socket: WebSocket, reason: string): void {
    this.logger.warn(`bridge client sent a bad frame: ${reason}`)
    socket.close(1008, reason)
  }

  private broadcast(message: PushMessage): void {
    if (this.wss.clients.size === 0) return
    const frame = JSON.stringify({ t: 'push', channel: message.channel, payload: message.payload })
    for (const client of this.wss.clients) {
      if (client.readyState !== client.OPEN) continue
      const buffered = client.bufferedAmount
      if (buffered > this.limits.stuckClientBytes) {
        this.logger.warn(
          `bridge client disconnected: ${Math.round(buffered / 1024 / 1024)} MB of pushes waited for it`,
        )
        client.terminate()
        continue
      }
      if (message.channel === 'event:batch' && buffered > this.limits.slowClientBytes) continue
      client.send(frame)
    }
  }
}

function send(socket: WebSocket, frame: HostFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame))
}

function isInvokeFrame(value: unknown): value is InvokeFrame {
  if (value === null || typeof value !== 'object') return false
  const frame = value as Record<string, unknown>
  return (
    frame.t === 'invoke' &&
    typeof frame.id === 'number' &&
    Number.isSafeInteger(frame.id) &&
    typeof frame.channel === 'string' &&
    Array.isArray(frame.args)
  )
}
