/**
 * A local NeuroIO event stream (wss://events.neuroio.com). Auth is in-band: the client sends
 * `{"action":"AUTH","data":{"token":…}}` at once and gets `{"auth":"ok"}` or `{"error":…}`;
 * `{"action":"PING"}` gets `{"PING":"PONG"}`; events are `{"id":n,"data":{…entry…}}`. The server's
 * known habits are switches: closing right after auth, closing with an unusual code (4000, 1013),
 * a binary frame now and then, which clients are expected to ignore, and a PING answered with
 * something other than PONG, its way of saying the connection is unhealthy.
 */

import type { IncomingMessage } from 'node:http'
import type { RawData } from 'ws'
import {
  SimulatorServer,
  rawText,
  startSimulator,
  type CommonSimulatorOptions,
  type RunningSimulator,
  type SimConnection,
  type UpgradeVerdict,
} from '../sim-server'
import { NeuroioEntryGenerator, type EntryResult, type NeuroioEntry } from './neuroio-entries'

export const DEFAULT_NEUROIO_TOKEN = 'neuroio-demo-token'

export interface NeuroioSimulatorOptions extends CommonSimulatorOptions {
  /** Events per second, each sent to every authenticated connection (default 2). */
  rate?: number
  /** Tokens AUTH accepts (default [DEFAULT_NEUROIO_TOKEN]). */
  tokens?: readonly string[]
  /** Close each connection this long after `{"auth":"ok"}` (0: at once); off by default. */
  closeAfterAuthMs?: number
  /** The code for that close; the real service has used unusual ones such as 4000 and 1013. */
  closeCode?: number
  /** Probability, per event, that a binary frame goes out too (default 0.01). */
  binaryRate?: number
  /** A connection still unauthenticated after this long gets an error and is closed (10 s). */
  authTimeoutMs?: number
  /** PING gets BAD_PING_REPLY instead of PONG (default false). */
  badPingReply?: boolean
}

/**
 * An answer to PING that is not PONG. What the service sends then is not recorded, only that
 * anything but `{"PING":"PONG"}` means the connection is unhealthy (protocols.md).
 */
export const BAD_PING_REPLY = { PING: 'ERROR' } as const

export interface RunningNeuroioSimulator extends RunningSimulator {
  /** Sends one event now to every authenticated connection; returns the frame's id. */
  emit(result?: EntryResult, data?: Partial<NeuroioEntry>): number
  /** Sends `{"error": message}` to every connection. */
  sendError(message: string): void
  /** Closes every connection with this code, as the real service sometimes does. */
  closeAll(code: number, reason?: string): number
  /** From now on PING gets BAD_PING_REPLY (true) or PONG (false). */
  setBadPingReply(on: boolean): void
}

interface NeuroioState {
  authenticated: boolean
  timers: ReturnType<typeof setTimeout>[]
}

type Connection = SimConnection<NeuroioState>

/** A few bytes that look like the start of a JPEG: the kind of stray binary frame seen. */
const BINARY_FRAME = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46])

function checkCloseCode(code: number): number {
  // 1000 and 3000–4999 may be sent by an application; 1001–1014 are protocol codes a server may use.
  const valid = code === 1000 || (code >= 1001 && code <= 1014) || (code >= 3000 && code <= 4999)
  if (!Number.isInteger(code) || !valid || code === 1004 || code === 1005 || code === 1006) {
    throw new RangeError(`${code} is not a close code a server can send`)
  }
  return code
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

class NeuroioSimulator extends SimulatorServer<NeuroioState> implements RunningNeuroioSimulator {
  private readonly tokens: ReadonlySet<string>
  private readonly closeAfterAuthMs: number | undefined
  private readonly closeCode: number
  private readonly binaryRate: number
  private readonly authTimeoutMs: number
  private badPingReply: boolean
  private readonly entries: NeuroioEntryGenerator
  private nextId = 1

  constructor(options: NeuroioSimulatorOptions) {
    super({ options, defaultRate: 2, urlPath: '/' })
    this.tokens = new Set(options.tokens ?? [DEFAULT_NEUROIO_TOKEN])
    this.closeAfterAuthMs = options.closeAfterAuthMs
    if (this.closeAfterAuthMs !== undefined && !(this.closeAfterAuthMs >= 0)) {
      throw new RangeError('closeAfterAuthMs must be 0 or more')
    }
    this.closeCode = checkCloseCode(options.closeCode ?? 1000)
    this.binaryRate = options.binaryRate ?? 0.01
    if (!(this.binaryRate >= 0 && this.binaryRate <= 1)) {
      throw new RangeError('binaryRate must be between 0 and 1')
    }
    this.authTimeoutMs = options.authTimeoutMs ?? 10_000
    this.badPingReply = options.badPingReply ?? false
    this.entries = new NeuroioEntryGenerator(this.random, this.now)
  }

  emit(result?: EntryResult, data: Partial<NeuroioEntry> = {}): number {
    const id = this.nextId++
    const frame = JSON.stringify({ id, data: { ...this.entries.next(result), ...data } })
    this.broadcast(frame, (connection) => connection.state.authenticated)
    return id
  }

  sendError(message: string): void {
    this.broadcast(JSON.stringify({ error: message }))
  }

  closeAll(code: number, reason = ''): number {
    checkCloseCode(code)
    const connections = [...this.connections]
    for (const connection of connections) connection.close(code, reason)
    return connections.length
  }

  setBadPingReply(on: boolean): void {
    this.badPingReply = on
  }

  protected checkUpgrade(_request: IncomingMessage): UpgradeVerdict<{ state: NeuroioState }> {
    // No credentials on the upgrade: NeuroIO authenticates in-band.
    return { ok: true, state: { authenticated: false, timers: [] } }
  }

  protected onOpen(connection: Connection): void {
    this.later(connection, this.authTimeoutMs, () => {
      if (connection.state.authenticated) return
      connection.send(JSON.stringify({ error: 'Authentication timeout' }))
      connection.close(1008, 'authentication timeout')
    })
  }

  protected override onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    const message = isBinary ? undefined : parse(rawText(data))
    if (!message) return void connection.send(JSON.stringify({ error: 'Invalid message format' }))
    switch (message.action) {
      case 'AUTH':
        return this.authenticate(connection, message.data)
      case 'PING':
        return void connection.send(
          JSON.stringify(this.badPingReply ? BAD_PING_REPLY : { PING: 'PONG' }),
        )
      default:
        connection.send(JSON.stringify({ error: `Unknown action: ${String(message.action)}` }))
    }
  }

  protected override onClose(connection: Connection): void {
    for (const timer of connection.state.timers) clearTimeout(timer)
  }

  protected override onTick(due: number): void {
    if (due === 0) return
    let listening = false
    for (const connection of this.connections) listening ||= connection.state.authenticated
    if (!listening) return
    for (let i = 0; i < due; i++) {
      this.emit()
      if (this.binaryRate > 0 && this.random() < this.binaryRate) {
        for (const connection of this.connections) {
          if (connection.state.authenticated) connection.sendBinary(BINARY_FRAME)
        }
      }
    }
  }

  private authenticate(connection: Connection, data: unknown): void {
    const token =
      data !== null && typeof data === 'object' && 'token' in data ? data.token : undefined
    if (typeof token !== 'string' || !this.tokens.has(token)) {
      // The connection stays open and unauthenticated: no events until a good AUTH.
      return void connection.send(JSON.stringify({ error: 'Invalid token' }))
    }
    connection.state.authenticated = true
    connection.send(JSON.stringify({ auth: 'ok' }))
    if (this.closeAfterAuthMs !== undefined) {
      this.later(connection, this.closeAfterAuthMs, () => connection.close(this.closeCode))
    }
  }

  private later(connection: Connection, ms: number, task: () => void): void {
    const timer = setTimeout(task, ms)
    timer.unref()
    connection.state.timers.push(timer)
  }
}

export function startNeuroioSimulator(
  options: NeuroioSimulatorOptions = {},
): Promise<RunningNeuroioSimulator> {
  return startSimulator(() => new NeuroioSimulator(options), options)
}
