/**
 * Fault switches every simulator shares, so a client (Vigil's connection engine above all) can be
 * tried against the failures real services produce: a server that drops everyone, a peer that goes
 * half-open (TCP still up, nothing sent, pings unanswered), an upgrade refused with an HTTP status,
 * and frames that are not JSON at all. Switches are set at start (`FaultOptions`, CLI flags) and
 * flipped while running (`FaultControls`).
 *
 * `Faults` works on plain `ws` sockets, so any test server can use it: create the server with
 * `autoPong: false` (half-open must be able to leave pings unanswered), ask `refusal()` before
 * accepting an upgrade, `track()` each socket, send through `send()`, and ignore what a socket
 * receives while `isFrozen()` says it is half-open.
 */

import { STATUS_CODES } from 'node:http'
import { WebSocket } from 'ws'
import type { UpgradeRefusal } from './http-refusal'
import { pick, randomInt, type Random } from './random'

export const MALFORMED_KINDS = ['text', 'truncated', 'binary'] as const
export type MalformedKind = (typeof MALFORMED_KINDS)[number]

export interface FaultOptions {
  /** Answer every upgrade with this HTTP status (400–599) instead of accepting it. */
  rejectStatus?: number
  /** Every connection, open and new, goes half-open while this is on. */
  halfOpen?: boolean
  /** Each connection goes half-open, for good, this long after it opens. */
  halfOpenAfterMs?: number
  /** Drop every connection (abruptly, no close frame) at this interval. */
  dropEveryMs?: number
  /** Probability, per frame sent, that a malformed frame goes out just before it. */
  malformedRate?: number
}

/** The switches as they stand, for status output and tests. */
export interface FaultSettings {
  rejectStatus: number | undefined
  halfOpen: boolean
  halfOpenAfterMs: number | undefined
  dropEveryMs: number | undefined
  malformedRate: number
}

export interface FaultCounts {
  /** Upgrades answered with `rejectStatus`. */
  refused: number
  /** Connections ended by dropAll or dropEveryMs. */
  dropped: number
  /** Malformed frames sent. */
  malformed: number
}

export interface FaultControls {
  /**
   * Ends every connection now and returns how many: abruptly (the TCP socket destroyed, as when a
   * server process dies) unless a close code is given, then with that close frame.
   */
  dropAll(close?: { code: number; reason?: string }): number
  /** Half-open on: every connection, open or new, stops sending and answering pings. */
  setHalfOpen(on: boolean): void
  /** Refuse upgrades with this HTTP status from now on; undefined accepts them again. */
  rejectUpgrades(status: number | undefined): void
  setMalformedRate(rate: number): void
  /** Sends one malformed frame of the kind (or a random kind) to every live connection now. */
  sendMalformed(kind?: MalformedKind): number
  settings(): FaultSettings
  counts(): FaultCounts
}

/** Bodies a broken proxy or a crashing server might send instead of JSON. */
const NOT_JSON = [
  '<html><body><h1>502 Bad Gateway</h1></body></html>',
  'undefined',
  'Internal Server Error',
  '{id: 1, "data": }',
]

export function checkRejectStatus(status: number | undefined): number | undefined {
  if (status === undefined) return undefined
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new RangeError(`a rejected upgrade needs an HTTP error status (400-599), not ${status}`)
  }
  return status
}

function checkRate(rate: number): number {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError('malformedRate must be between 0 and 1')
  return rate
}

function checkDelay(ms: number | undefined, name: string): number | undefined {
  if (ms !== undefined && !(Number.isFinite(ms) && ms > 0)) {
    throw new RangeError(`${name} must be a positive number of milliseconds`)
  }
  return ms
}

/** A malformed frame: what goes on the wire and whether as a binary frame. */
export function malformedFrame(
  random: Random,
  kind: MalformedKind,
  next?: string,
): { data: string | Buffer; binary: boolean } {
  switch (kind) {
    case 'text':
      return { data: pick(random, NOT_JSON), binary: false }
    case 'truncated': {
      // A real frame cut short, as a proxy with a small buffer or a crashing writer leaves it.
      const whole = next && next.length > 2 ? next : '{"truncated":"frame","id":12345}'
      return { data: whole.slice(0, Math.max(1, Math.floor(whole.length / 2))), binary: false }
    }
    case 'binary': {
      const bytes = Buffer.alloc(randomInt(random, 4, 32))
      for (let i = 0; i < bytes.length; i++) bytes[i] = randomInt(random, 0, 255)
      return { data: bytes, binary: true }
    }
  }
}

interface Tracked {
  frozen: boolean
  timer: ReturnType<typeof setTimeout> | undefined
}

export class Faults implements FaultControls {
  private readonly sockets = new Map<WebSocket, Tracked>()
  private rejectStatus: number | undefined
  private halfOpen: boolean
  private readonly halfOpenAfterMs: number | undefined
  private readonly dropEveryMs: number | undefined
  private malformedRate: number
  private dropTimer: ReturnType<typeof setInterval> | undefined
  private readonly tally: FaultCounts = { refused: 0, dropped: 0, malformed: 0 }

  constructor(
    options: FaultOptions,
    private readonly random: Random,
  ) {
    this.rejectStatus = checkRejectStatus(options.rejectStatus)
    this.halfOpen = options.halfOpen ?? false
    this.halfOpenAfterMs = checkDelay(options.halfOpenAfterMs, 'halfOpenAfterMs')
    this.dropEveryMs = checkDelay(options.dropEveryMs, 'dropEveryMs')
    this.malformedRate = checkRate(options.malformedRate ?? 0)
  }

  /** Starts the timed switches (dropEveryMs); call once the server listens. */
  start(): void {
    if (this.dropEveryMs === undefined || this.dropTimer) return
    this.dropTimer = setInterval(() => this.dropAll(), this.dropEveryMs)
    this.dropTimer.unref()
  }

  /** The answer to an upgrade while upgrades are refused, else undefined. */
  refusal(): UpgradeRefusal | undefined {
    const status = this.rejectStatus
    if (status === undefined) return undefined
    this.tally.refused++
    const headers: Record<string, string> = {}
    // A 401 without a challenge is a protocol error (RFC 9110); a 503 says when to come back.
    if (status === 401) headers['WWW-Authenticate'] = 'Basic realm="simulator"'
    if (status === 503) headers['Retry-After'] = '5'
    return { status, reason: STATUS_CODES[status] ?? 'Refused', headers }
  }

  /** Starts watching a socket that has just opened. */
  track(socket: WebSocket): void {
    const tracked: Tracked = { frozen: false, timer: undefined }
    if (this.halfOpenAfterMs !== undefined) {
      tracked.timer = setTimeout(() => (tracked.frozen = true), this.halfOpenAfterMs)
      tracked.timer.unref()
    }
    this.sockets.set(socket, tracked)
    // With the server's autoPong off, answering pings is ours to do, and to withhold.
    socket.on('ping', (data) => {
      if (!this.isFrozen(socket) && socket.readyState === WebSocket.OPEN) socket.pong(data)
    })
    socket.once('close', () => {
      clearTimeout(tracked.timer)
      this.sockets.delete(socket)
    })
  }

  /** True while the socket plays a half-open peer: it sends nothing and hears nothing. */
  isFrozen(socket: WebSocket): boolean {
    return this.halfOpen || (this.sockets.get(socket)?.frozen ?? false)
  }

  /** Sends a frame unless the socket is half-open, now and then after a malformed one. */
  send(socket: WebSocket, data: string | Buffer, binary = false): boolean {
    if (socket.readyState !== WebSocket.OPEN || this.isFrozen(socket)) return false
    if (this.malformedRate > 0 && this.random() < this.malformedRate) {
      const kind = pick(this.random, MALFORMED_KINDS)
      this.sendRaw(socket, malformedFrame(this.random, kind, binary ? undefined : String(data)))
    }
    socket.send(data, { binary })
    return true
  }

  dropAll(close?: { code: number; reason?: string }): number {
    const sockets = [...this.sockets.keys()]
    for (const socket of sockets) {
      if (close) socket.close(close.code, close.reason)
      else socket.terminate()
    }
    this.tally.dropped += sockets.length
    return sockets.length
  }

  setHalfOpen(on: boolean): void {
    this.halfOpen = on
  }

  rejectUpgrades(status: number | undefined): void {
    this.rejectStatus = checkRejectStatus(status)
  }

  setMalformedRate(rate: number): void {
    this.malformedRate = checkRate(rate)
  }

  sendMalformed(kind?: MalformedKind): number {
    let sent = 0
    for (const socket of this.sockets.keys()) {
      if (socket.readyState !== WebSocket.OPEN || this.isFrozen(socket)) continue
      this.sendRaw(socket, malformedFrame(this.random, kind ?? pick(this.random, MALFORMED_KINDS)))
      sent++
    }
    return sent
  }

  settings(): FaultSettings {
    return {
      rejectStatus: this.rejectStatus,
      halfOpen: this.halfOpen,
      halfOpenAfterMs: this.halfOpenAfterMs,
      dropEveryMs: this.dropEveryMs,
      malformedRate: this.malformedRate,
    }
  }

  counts(): FaultCounts {
    return { ...this.tally }
  }

  /** Stops the timers; the sockets themselves belong to the server. */
  dispose(): void {
    clearInterval(this.dropTimer)
    for (const tracked of this.sockets.values()) clearTimeout(tracked.timer)
    this.sockets.clear()
  }

  private sendRaw(socket: WebSocket, frame: { data: string | Buffer; binary: boolean }): void {
    this.tally.malformed++
    socket.send(frame.data, { binary: frame.binary })
  }
}
