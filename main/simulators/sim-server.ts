/**
 * What every simulator shares: an HTTP server on loopback whose upgrades a protocol checks, the
 * `ws` server behind it, the set of live connections, the shared fault switches, and a pacer that
 * hands the protocol its due events in chunks per tick (never a timer per event), so one process
 * can push 50,000 events a second for benchmarks. A protocol extends `SimulatorServer` and fills
 * in the handshake check, what happens on open, on a client message and on each tick.
 */

import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer, type RawData } from 'ws'
import { Faults, type FaultControls, type FaultOptions } from './faults'
import { refuseUpgrade, type UpgradeRefusal } from './http-refusal'
import { mulberry32, randomSeed, type Random } from './random'

/** What the registry, the CLI and tests need from any running simulator. */
export interface RunningSimulator {
  readonly port: number
  /** Where to connect, with the path and query a client would use against the real service. */
  readonly url: string
  /** The shared fault switches, flipped while running. */
  readonly faults: FaultControls
  connectionCount(): number
  setRate(eventsPerSecond: number): void
  close(): Promise<void>
}

/** Options every simulator takes. */
export interface CommonSimulatorOptions {
  /** Address to bind; loopback unless a caller deliberately exposes it. */
  host?: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** Generated events per second, 0 to MAX_RATE. */
  rate?: number
  /** Same seed, same stream: tests rely on it. */
  seed?: number
  faults?: FaultOptions
  /** Wall clock in milliseconds, for timestamps in frames. */
  now?: () => number
}

export const MAX_RATE = 50_000
const DEFAULT_TICK_MS = 50
/** After a stall the pacer catches up at most this much, rather than flooding clients. */
const MAX_CATCH_UP_SECONDS = 0.25
/** A client this far behind loses frames instead of growing the server's memory without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024

export type UpgradeVerdict<T> = ({ ok: true } & T) | ({ ok: false } & UpgradeRefusal)

export function checkRate(rate: number): number {
  if (!Number.isFinite(rate) || rate < 0 || rate > MAX_RATE) {
    throw new RangeError(`rate must be between 0 and ${MAX_RATE} events per second`)
  }
  return rate
}

export function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8')
  return data.toString('utf8')
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1'
  return host.includes(':') ? `[${host}]` : host
}

/** One client connection: its protocol state, and sends that go through the fault switches. */
export class SimConnection<T> {
  constructor(
    readonly socket: WebSocket,
    readonly state: T,
    private readonly faults: Faults,
  ) {}

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN
  }

  /** False when the frame was not sent: closed, half-open, or the client too far behind. */
  send(frame: string): boolean {
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) return false
    return this.faults.send(this.socket, frame)
  }

  sendBinary(data: Buffer): boolean {
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) return false
    return this.faults.send(this.socket, data, true)
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason)
  }
}

export interface ServerSetup {
  options: CommonSimulatorOptions
  defaultRate: number
  /** Path and query of `url`, e.g. `/streaming?environment=ps2&service-id=s:example`. */
  urlPath: string
  /** Milliseconds between ticks (a PI Web API channel ticks once per polling interval). */
  tickMs?: number
  maxClientMessageBytes?: number
}

export abstract class SimulatorServer<T> implements RunningSimulator {
  readonly random: Random
  readonly now: () => number
  protected readonly connections = new Set<SimConnection<T>>()
  private readonly faultSwitches: Faults
  private readonly http: Server
  private readonly wss: WebSocketServer
  private readonly tasks: { ms: number; task: () => void }[] = []
  private readonly timers: ReturnType<typeof setInterval>[] = []
  private readonly tickMs: number
  private readonly urlPath: string
  private rate: number
  private budget = 0
  private lastTick = performance.now()
  private boundPort = 0
  private boundUrl = ''
  private closing: Promise<void> | undefined

  constructor(setup: ServerSetup) {
    const { options } = setup
    this.rate = checkRate(options.rate ?? setup.defaultRate)
    const seed = options.seed ?? randomSeed()
    this.random = mulberry32(seed)
    this.now = options.now ?? Date.now
    this.urlPath = setup.urlPath
    this.tickMs = setup.tickMs ?? DEFAULT_TICK_MS
    // Faults draw from their own stream so switching them on does not change the events.
    this.faultSwitches = new Faults(options.faults ?? {}, mulberry32(seed ^ 0x5eed))
    // autoPong off: the fault switches decide whether a ping is answered (half-open).
    this.wss = new WebSocketServer({
      noServer: true,
      autoPong: false,
      maxPayload: setup.maxClientMessageBytes ?? MAX_CLIENT_MESSAGE_BYTES,
    })
    this.http = createServer((_request, response) => {
      response.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' })
      response.end(`This is a websocket endpoint: connect to ${setup.urlPath}\n`)
    })
    this.http.on('upgrade', (request, socket, head) => this.upgrade(request, socket, head))
    this.every(this.tickMs, () => this.tick())
  }

  /** The protocol's checks on the upgrade request: path, query, credentials. */
  protected abstract checkUpgrade(request: IncomingMessage): UpgradeVerdict<{ state: T }>
  /** A connection has opened: greet it. */
  protected abstract onOpen(connection: SimConnection<T>): void
  /** A frame from the client (never called while the connection plays half-open). */
  protected onMessage(_connection: SimConnection<T>, _data: RawData, _isBinary: boolean): void {}
  protected onClose(_connection: SimConnection<T>): void {}
  /** Called every tick with the number of events due (possibly 0). */
  protected onTick(_due: number): void {}

  get port(): number {
    return this.boundPort
  }

  get url(): string {
    return this.boundUrl
  }

  get faults(): FaultControls {
    return this.faultSwitches
  }

  connectionCount(): number {
    return this.connections.size
  }

  setRate(eventsPerSecond: number): void {
    this.rate = checkRate(eventsPerSecond)
    this.budget = Math.min(this.budget, 1)
  }

  async listen(host: string, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject)
      this.http.listen(port, host, () => {
        this.http.off('error', reject)
        resolve()
      })
    })
    const address = this.http.address()
    this.boundPort = typeof address === 'object' && address ? address.port : port
    this.boundUrl = `ws://${urlHost(host)}:${this.boundPort}${this.urlPath}`
    // Timers start only once listening, so a simulator that failed to start leaves none behind.
    this.lastTick = performance.now()
    for (const { ms, task } of this.tasks) {
      const timer = setInterval(task, ms)
      // The listening server, not the simulator's own timers, is what keeps a process alive.
      timer.unref()
      this.timers.push(timer)
    }
    this.faultSwitches.start()
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const timer of this.timers) clearInterval(timer)
      this.faultSwitches.dispose()
      for (const connection of this.connections) connection.socket.terminate()
      this.connections.clear()
      this.wss.close()
      this.http.closeAllConnections()
      this.http.close(() => resolve())
    })
    return this.closing
  }

  /** Runs `task` every `ms` from listen until close. */
  protected every(ms: number, task: () => void): void {
    this.tasks.push({ ms, task })
  }

  /** Sends one frame to every open connection that passes `filter`. */
  protected broadcast(frame: string, filter?: (connection: SimConnection<T>) => boolean): void {
    for (const connection of this.connections) {
      if (!filter || filter(connection)) connection.send(frame)
    }
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    const refusal = this.faultSwitches.refusal()
    if (refusal) return refuseUpgrade(socket, refusal.status, refusal.reason, refusal.headers)
    const verdict = this.checkUpgrade(request)
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.reason, verdict.headers)
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, verdict.state))
  }

  private accept(socket: WebSocket, state: T): void {
    const connection = new SimConnection(socket, state, this.faultSwitches)
    this.connections.add(connection)
    this.faultSwitches.track(socket)
    // A client's socket error is followed by 'close'; the server itself must never go down for it.
    socket.on('error', () => undefined)
    socket.on('close', () => {
      this.connections.delete(connection)
      this.onClose(connection)
    })
    socket.on('message', (data, isBinary) => {
      if (!this.faultSwitches.isFrozen(socket)) this.onMessage(connection, data, isBinary)
    })
    this.onOpen(connection)
  }

  private tick(): void {
    const now = performance.now()
    const elapsed = (now - this.lastTick) / 1000
    this.lastTick = now
    const cap = this.rate * Math.max(MAX_CATCH_UP_SECONDS, (2 * this.tickMs) / 1000) + 1
    this.budget = Math.min(this.budget + this.rate * elapsed, cap)
    const due = Math.floor(this.budget)
    this.budget -= due
    this.onTick(due)
  }
}

/** Starts listening, closing the simulator again if it cannot. */
export async function startSimulator<S extends SimulatorServer<unknown>>(
  create: () => S,
  options: CommonSimulatorOptions,
): Promise<S> {
  const simulator = create()
  try {
    await simulator.listen(options.host ?? '127.0.0.1', options.port ?? 0)
  } catch (error) {
    await simulator.close()
    throw error
  }
  return simulator
}
