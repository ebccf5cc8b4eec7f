/**
 * Answers a websocket upgrade request with a plain HTTP error instead of switching protocols, the
 * way real services refuse a handshake (403 for a revoked key, 401 with a challenge). A client
 * sees it as an unexpected response, with the status, headers and body intact.
 */

import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'

export interface UpgradeRefusal {
  status: number
  /** Becomes the body (plain text unless the headers say otherwise). */
  reason: string
  headers?: Readonly<Record<string, string>>
}

export function refuseUpgrade(
  socket: Duplex,
  status: number,
  reason: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body = `${reason}\n`
  const all: Record<string, string> = {
    Connection: 'close',
    'Content-Type': 'text/plain; charset=utf-8',
    ...headers,
    'Content-Length': Buffer.byteLength(body).toString(),
  }
  const lines = Object.entries(all).map(([name, value]) => `${name}: ${value}\r\n`)
  socket.once('finish', () => socket.destroy())
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${lines.join('')}\r\n${body}`)
}
