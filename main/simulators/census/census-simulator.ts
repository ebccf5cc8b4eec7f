/**
 * A local PlanetSide 2 Census event stream (ESS) that behaves like push.planetside2.com: the same
 * handshake checks, banner frames, heartbeats, subscription rules and payload shapes, plus the
 * quirks clients must survive (duplicate events, continent-lock bursts, 403 for a bad service id).
 * The demo source and the tests connect to it; `npm run sim -- census` runs it on its own.
 */

import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer, type RawData } from 'ws'
import { CENSUS_ENVIRONMENTS, mulberry32, type CensusEnvironment, type Random } from './census-data'
import { CensusEventGenerator, type CensusPayload } from './census-events'
import {
  CONNECTED_FRAME,
  HELP_BANNER,
  heartbeatFrame,
  serviceMessage,
  serviceStateFrame,
} from './census-frames'
import { checkHandshake, refuseUpgrade } from './census-handshake'
import { answerRequest } from './census-requests'
import { CensusSubscription } from './census-subscription'

export interface CensusSimulatorOptions {
  /** Address to bind; loopback unless a caller deliberately exposes it. */
  host?: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** Generated events per second for the whole server, shared by the environments in use. */
  rate?: number
  heartbeatMs?: number
  /** Same seed, same stream: tests rely on it. */
  seed?: number
  /** Probability that a generated event is sent twice, as the real stream sometimes does. */
  duplicateRate?: number
  /** Wall clock in milliseconds, for payload and heartbeat timestamps. */
  now?: () => number
}

export interface RunningSimulator {
  readonly port: number
  /** Where to connect, e.g. `ws://127.0.0.1:PORT/streaming?environment=ps2&service-id=s:example`. */
  readonly url: string
  connectionCount(): number
  setRate(eventsPerSecond: number): void
  /** Sends one payload, once, to every connection whose subscription matches (for tests). */
  emit(payload: CensusPayload): void
  /** Takes a world's endpoint up or down; connections of its environment hear about it. */
  setWorldOnline(worldId: string, online: boolean): void
  close(): Promise<void>
}

export const MAX_RATE = 50_000
/** High rates are generated in chunks per tick, never with a timer per event. */
const TICK_MS = 50
/** After a stall the generator catches up at most this much, rather than flooding clients. */
const MAX_CATCH_UP_SECONDS = 0.25
/** A client this far behind loses events instead of growing the server's memory without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024

interface Connection {
  socket: WebSocket
  environment: CensusEnvironment
  subscription: CensusSubscription
}

function checkRate(rate: number): number {
  if (!Number.isFinite(rate) || rate < 0 || rate > MAX_RATE) {
    throw new RangeError(`rate must be between 0 and ${MAX_RATE} events per second`)
  }
  return rate
}

function text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8')
  return data.toString('utf8')
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1'
  return host.includes(':') ? `[${host}]` : host
}

class CensusSimulator implements RunningSimulator {
  private boundPort = 0
  private boundUrl = ''
  private readonly http: Server
  private readonly wss: WebSocketServer
  private readonly connections = new Set<Connection>()
  private readonly generators: Map<CensusEnvironment, CensusEventGenerator>
  private readonly random: Random
  private readonly now: () => number
  private readonly duplicateRate: number
  private rate: number
  private budget = 0
  private lastTick = performance.now()
  private readonly timers: ReturnType<typeof setInterval>[] = []
  private closing: Promise<void> | undefined

  constructor(options: CensusSimulatorOptions) {
    this.rate = checkRate(options.rate ?? 5)
    this.duplicateRate = options.duplicateRate ?? 0.02
    if (!(this.duplicateRate >= 0 && this.duplicateRate <= 1)) {
      throw new RangeError('duplicateRate must be between 0 and 1')
    }
    const heartbeatMs = options.heartbeatMs ?? 30_000
    if (!(heartbeatMs > 0)) throw new RangeError('heartbeatMs must be positive')
    const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32)
    this.random = mulberry32(seed)
    this.now = options.now ?? Date.now
    this.generators = new Map(
      CENSUS_ENVIRONMENTS.map((environment, index) => [
        environment,
        new CensusEventGenerator({
          environment,
          random: mulberry32(seed + index + 1),
          now: this.now,
        }),
      ]),
    )
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES })
    this.http = createServer((_request, response) => {
      response.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' })
      response.end('This is a websocket endpoint: connect to /streaming\n')
    })
    this.http.on('upgrade', (request, socket, head) => this.upgrade(request, socket, head))
    this.timers.push(setInterval(() => this.tick(), TICK_MS))
    this.timers.push(setInterval(() => this.heartbeat(), heartbeatMs))
    // The listening server is what keeps a process alive, not the simulator's own timers.
    for (const timer of this.timers) timer.unref()
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
    this.boundUrl = `ws://${urlHost(host)}:${this.boundPort}/streaming?environment=ps2&service-id=s:example`
  }

  get port(): number {
    return this.boundPort
  }

  get url(): string {
    return this.boundUrl
  }

  connectionCount(): number {
    return this.connections.size
  }

  setRate(eventsPerSecond: number): void {
    this.rate = checkRate(eventsPerSecond)
    this.budget = Math.min(this.budget, 1)
  }

  emit(payload: CensusPayload): void {
    this.deliver(payload, this.connections, false)
  }

  setWorldOnline(worldId: string, online: boolean): void {
    for (const [environment, generator] of this.generators) {
      if (!generator.setWorldOnline(worldId, online)) continue
      const world = generator.worldList().find((candidate) => candidate.id === worldId)
      if (!world) return
      const frame = JSON.stringify(serviceStateFrame(world))
      for (const connection of this.connections) {
        if (connection.environment === environment) this.send(connection, frame)
      }
      return
    }
    throw new RangeError(`unknown world ${worldId}`)
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const timer of this.timers) clearInterval(timer)
      for (const connection of this.connections) connection.socket.terminate()
      this.connections.clear()
      this.wss.close()
      this.http.closeAllConnections()
      this.http.close(() => resolve())
    })
    return this.closing
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    const verdict = checkHandshake(request.url)
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.reason)
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, verdict.environment))
  }

  private accept(socket: WebSocket, environment: CensusEnvironment): void {
    const connection = { socket, environment, subscription: new CensusSubscription() }
    this.connections.add(connection)
    // A client's socket error is followed by 'close'; the server itself must never go down for it.
    socket.on('error', () => undefined)
    socket.on('close', () => this.connections.delete(connection))
    const context = {
      subscription: connection.subscription,
      recentCharacterIds: () => this.generator(environment).onlineCharacterIds(),
    }
    socket.on('message', (data) => {
      this.send(connection, JSON.stringify(answerRequest(text(data), context)))
    })
    this.send(connection, JSON.stringify(CONNECTED_FRAME))
    this.send(connection, JSON.stringify(HELP_BANNER))
    for (const world of this.generator(environment).worldList()) {
      this.send(connection, JSON.stringify(serviceStateFrame(world)))
    }
  }

  private generator(environment: CensusEnvironment): CensusEventGenerator {
    const generator = this.generators.get(environment)
    if (!generator) throw new Error(`no generator for ${environment}`)
    return generator
  }

  private tick(): void {
    const now = performance.now()
    const elapsed = (now - this.lastTick) / 1000
    this.lastTick = now
    this.budget = Math.min(this.budget + this.rate * elapsed, this.rate * MAX_CATCH_UP_SECONDS + 1)
    const due = Math.floor(this.budget)
    if (due === 0) return
    this.budget -= due
    // Only environments someone listens to are simulated; they share the server's rate.
    const listening = new Map<CensusEnvironment, Connection[]>()
    for (const connection of this.connections) {
      if (connection.subscription.isEmpty) continue
      const list = listening.get(connection.environment) ?? []
      list.push(connection)
      listening.set(connection.environment, list)
    }
    const environments = [...listening]
    if (environments.length === 0) return
    for (let i = 0; i < due; i++) {
      const [environment, connections] = environments[i % environments.length]!
      const payload = this.generator(environment).next()
      if (payload) this.deliver(payload, connections, true)
    }
  }

  private deliver(payload: CensusPayload, connections: Iterable<Connection>, mayRepeat: boolean) {
    const repeat = mayRepeat && this.duplicateRate > 0 && this.random() < this.duplicateRate
    let frame: string | undefined
    for (const connection of connections) {
      if (!connection.subscription.matches(payload)) continue
      frame ??= JSON.stringify(serviceMessage(payload))
      this.send(connection, frame)
      if (repeat) this.send(connection, frame)
    }
  }

  private heartbeat(): void {
    const now = this.now()
    const frames = new Map<CensusEnvironment, string>()
    for (const connection of this.connections) {
      let frame = frames.get(connection.environment)
      if (frame === undefined) {
        const worlds = this.generator(connection.environment).worldList()
        frame = JSON.stringify(heartbeatFrame(worlds, now))
        frames.set(connection.environment, frame)
      }
      this.send(connection, frame)
    }
  }

  private send(connection: Connection, frame: string): void {
    const { socket } = connection
    if (socket.readyState !== WebSocket.OPEN || socket.bufferedAmount > MAX_BUFFERED_BYTES) return
    socket.send(frame)
  }
}

export async function startCensusSimulator(
  options: CensusSimulatorOptions = {},
): Promise<RunningSimulator> {
  const simulator = new CensusSimulator(options)
  try {
    await simulator.listen(options.host ?? '127.0.0.1', options.port ?? 0)
  } catch (error) {
    await simulator.close()
    throw error
  }
  return simulator
}
