/**
 * A websocket server on 127.0.0.1 port 0 that misbehaves on request, for the fault suite and any
 * later test that needs a server to refuse, hang, drop, flap, go silent or stop answering pings.
 * It records every upgrade attempt, every text frame clients send and every event it sent, so a
 * test can prove nothing was lost or duplicated. Test-only; never imported by production code.
 */

import { createServer, STATUS_CODES, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

/** How the server answers an upgrade request. */
export type UpgradeMode =
  | { kind: 'accept' }
  /** An HTTP status instead of the upgrade (403 for a rejected service id, 401, 503, ...). */
  | { kind: 'refuse'; status: number; headers?: Record<string, string> }
  /** The TCP connection is dropped without an answer, as when a server process dies. */
  | { kind: 'destroy' }
  /** The request is never answered (a stuck proxy): only a handshake timeout ends it. */
  | { kind: 'hang' }

export interface FaultServer {
  url: string
  port: number
  /** Every upgrade request, whatever the answer, in order. */
  attempts: IncomingMessage[]
  /** Upgrades accepted so far. */
  connections: number
  /** Sockets currently open. */
  live: WebSocket[]
  /** Text frames from clients, in order, across connections. */
  received: string[]
  /** Sequence numbers of the events `sendEvent` sent, in order. */
  sent: number[]
  /** Websocket pings received from clients. */
  pings: number
  setUpgrade(mode: UpgradeMode): void
  /** Whether pings get pongs (off: a half-open peer). */
  answerPings(answer: boolean): void
  /** Sends `{"type": type, "seq": n}` to every open socket, n counting up from 1. */
  sendEvent(type?: string): number
  /** Sends raw data to every open socket. */
  broadcast(data: string | Buffer, options?: { binary?: boolean }): void
  /** Closes every open socket with a close frame. */
  closeAll(code?: number, reason?: string): void
  /** Destroys every open socket's TCP connection (no close frame). */
  destroyAll(): void
  /** Runs for every accepted connection, before any frame is sent. */
  onConnection(handler: (socket: WebSocket, request: IncomingMessage) => void): void
  /** Runs for every text frame a client sends. */
  onText(handler: (socket: WebSocket, text: string) => void): void
  nextConnection(): Promise<WebSocket>
  close(): Promise<void>
}

export async function startFaultServer(): Promise<FaultServer> {
  const http = createServer()
  // autoPong off: pongs are sent by hand below, so a test can stop them.
  const wss = new WebSocketServer({ noServer: true, autoPong: false, maxPayload: 64 * 1024 * 1024 })
  const tcp = new Set<Socket>()
  let mode: UpgradeMode = { kind: 'accept' }
  let answering = true
  let seq = 0
  const connectionHandlers: ((socket: WebSocket, request: IncomingMessage) => void)[] = []
  const textHandlers: ((socket: WebSocket, text: string) => void)[] = []
  let waiting: ((socket: WebSocket) => void)[] = []

  http.on('connection', (socket) => {
    tcp.add(socket)
    socket.on('close', () => tcp.delete(socket))
  })

  const server: FaultServer = {
    url: '',
    port: 0,
    attempts: [],
    connections: 0,
    live: [],
    received: [],
    sent: [],
    pings: 0,
    setUpgrade: (next) => (mode = next),
    answerPings: (answer) => (answering = answer),
    sendEvent(type = 'tick') {
      seq++
      for (const socket of server.live) socket.send(JSON.stringify({ type, seq }))
      if (server.live.length > 0) server.sent.push(seq)
      return seq
    },
    broadcast(data, options) {
      for (const socket of server.live) socket.send(data, { binary: options?.binary ?? false })
    },
    closeAll(code = 1000, reason = '') {
      for (const socket of server.live) socket.close(code, reason)
    },
    destroyAll() {
      for (const socket of server.live) socket.terminate()
    },
    onConnection: (handler) => connectionHandlers.push(handler),
    onText: (handler) => textHandlers.push(handler),
    nextConnection: () => new Promise((resolve) => waiting.push(resolve)),
    close() {
      for (const socket of tcp) socket.destroy()
      wss.close()
      return new Promise((resolve) => http.close(() => resolve()))
    },
  }

  http.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    server.attempts.push(request)
    switch (mode.kind) {
      case 'accept':
        wss.handleUpgrade(request, socket, head, (ws) => accepted(ws, request))
        return
      case 'refuse': {
        const extra = Object.entries(mode.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`)
        socket.end(
          `HTTP/1.1 ${mode.status} ${STATUS_CODES[mode.status] ?? 'Refused'}\r\n` +
            `${extra.join('')}Connection: close\r\nContent-Length: 0\r\n\r\n`,
        )
        return
      }
      case 'destroy':
        socket.destroy()
        return
      case 'hang':
        return
    }
  })

  function accepted(ws: WebSocket, request: IncomingMessage): void {
    server.connections++
    server.live.push(ws)
    ws.on('close', () => (server.live = server.live.filter((s) => s !== ws)))
    ws.on('error', () => {})
    ws.on('ping', (data) => {
      server.pings++
      if (answering) ws.pong(data)
    })
    ws.on('message', (data, isBinary) => {
      if (isBinary) return
      const text = data.toString()
      server.received.push(text)
      for (const handler of textHandlers) handler(ws, text)
    })
    for (const handler of connectionHandlers) handler(ws, request)
    const waiters = waiting
    waiting = []
    for (const resolve of waiters) resolve(ws)
  }

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  server.port = (http.address() as AddressInfo).port
  server.url = `ws://127.0.0.1:${server.port}/`
  return server
}
