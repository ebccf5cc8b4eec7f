/**
 * An upstream for cluster tests: a websocket server on 127.0.0.1 port 0 sending `{"n": k}` with
 * k counting up on each path, to every client of that path, every `intervalMs`. It remembers which
 * numbers each connection was sent, so a test can check that what a holder received reached every
 * host. Test-only.
 */

import type { AddressInfo } from 'node:net'
import WebSocket, { WebSocketServer } from 'ws'

export interface UpstreamConnection {
  path: string
  openedAt: number
  closedAt: number | null
  sent: number[]
}

export interface NumberedUpstream {
  url(path: string): string
  connections: UpstreamConnection[]
  /** Connections of `path` open now. */
  open(path: string): UpstreamConnection[]
  /** Starts sending (it starts paused). */
  resume(): void
  /** Stops sending (clients stay connected), so the hosts can settle. */
  pause(): void
  close(): Promise<void>
}

/**
 * Starts paused: a host that joins the cluster reads the events published from then on, so a
 * test resumes once every host has joined.
 */
export async function startNumberedUpstream(intervalMs = 20): Promise<NumberedUpstream> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
  const { port } = wss.address() as AddressInfo
  const connections: UpstreamConnection[] = []
  const sockets = new Map<WebSocket, UpstreamConnection>()
  const counters = new Map<string, number>()
  wss.on('connection', (socket, request) => {
    const connection: UpstreamConnection = {
      path: request.url ?? '/',
      openedAt: Date.now(),
      closedAt: null,
      sent: [],
    }
    connections.push(connection)
    sockets.set(socket, connection)
    socket.on('close', () => {
      connection.closedAt = Date.now()
      sockets.delete(socket)
    })
  })
  const tick = () => {
    const paths = new Set([...sockets.values()].map((connection) => connection.path))
    for (const path of paths) {
      const n = (counters.get(path) ?? 0) + 1
      counters.set(path, n)
      for (const [socket, connection] of sockets) {
        if (connection.path !== path || socket.readyState !== WebSocket.OPEN) continue
        socket.send(JSON.stringify({ n }))
        connection.sent.push(n)
      }
    }
  }
  let timer: NodeJS.Timeout | undefined
  return {
    url: (path) => `ws://127.0.0.1:${port}${path}`,
    connections,
    open: (path) => connections.filter((c) => c.path === path && c.closedAt === null),
    resume: () => {
      timer ??= setInterval(tick, intervalMs)
    },
    pause: () => {
      clearInterval(timer)
      timer = undefined
    },
    close() {
      clearInterval(timer)
      for (const socket of wss.clients) socket.terminate()
      return new Promise((resolve) => wss.close(() => resolve()))
    },
  }
}
