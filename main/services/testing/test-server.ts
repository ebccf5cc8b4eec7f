/**
 * A websocket server on 127.0.0.1 port 0 for tests: records what clients send, lets a test push
 * frames, and closes everything it opened. Test-only; never imported by production code.
 */

import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import WebSocket, { WebSocketServer } from 'ws'

export interface TestServer {
  url: string
  port: number
  sockets: WebSocket[]
  /** Text frames received from clients, in order. */
  received: string[]
  requests: IncomingMessage[]
  broadcast(data: string | Buffer, options?: { binary?: boolean }): void
  nextConnection(): Promise<WebSocket>
  close(): Promise<void>
}

export async function startTestServer(
  options: { path?: string; handleProtocols?: boolean } = {},
): Promise<TestServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
  const { port } = wss.address() as AddressInfo
  const sockets: WebSocket[] = []
  const received: string[] = []
  const requests: IncomingMessage[] = []
  let waiting: ((socket: WebSocket) => void)[] = []
  wss.on('connection', (socket, request) => {
    sockets.push(socket)
    requests.push(request)
    socket.on('message', (data, isBinary) => {
      if (!isBinary) received.push(data.toString())
    })
    const waiters = waiting
    waiting = []
    for (const resolve of waiters) resolve(socket)
  })
  return {
    url: `ws://127.0.0.1:${port}${options.path ?? '/'}`,
    port,
    sockets,
    received,
    requests,
    broadcast(data, sendOptions) {
      for (const socket of wss.clients) socket.send(data, { binary: sendOptions?.binary ?? false })
    },
    nextConnection() {
      return new Promise((resolve) => waiting.push(resolve))
    },
    close() {
      for (const socket of wss.clients) socket.terminate()
      return new Promise((resolve) => wss.close(() => resolve()))
    },
  }
}

/** Resolves when `predicate` holds, polling; fails with `message` after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean,
  message = 'condition',
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${message}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Whether a websocket connection to `url` is refused (nothing listens there any more). */
export function refuses(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url)
    socket.once('open', () => {
      socket.terminate()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}
