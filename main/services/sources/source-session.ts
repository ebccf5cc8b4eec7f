/**
 * One source's connection: opens the websocket, sends the on-open script, turns frames into
 * events through the preset's classifier, keeps state and counters, and reconnects with backoff.
 *
 * Everything that happens to the socket is reported through `deps`, so the Monitor stays the only
 * owner of events and the only emitter towards the UI.
 */

import type WebSocket from 'ws'
import type { SourceConfig } from '../../../shared/source-config'
import type {
  SourceCounters,
  SourceError,
  SourceErrorKind,
  SourceState,
  SourceStats,
  SourceView,
} from '../../../shared/domain'
import { mustParseFieldPath, readPath } from '../../../shared/field-path'
import { VigilError } from '../../../shared/result'
import { RateMeter } from '../events/rate-meter'
import { presetFor, type FrameClassifier, type FrameSink } from '../presets'
import type { Clock, TimerHandle } from '../util/clock'
import { backoffDelay, type BackoffPolicy } from './backoff'
import type { SocketFactory } from './socket-factory'

export interface SessionDeps {
  clock: Clock
  socketFactory: SocketFactory
  /** Turns a configured URL into the one to dial (`sim://census` becomes a loopback address). */
  resolveUrl: (url: string) => Promise<string>
  /** Hands a classified event to the Monitor. Called on the hot path. */
  ingest: (sourceId: string, type: string, payload: unknown, receivedAt: number) => void
  /** The session's lifecycle state or settings changed: worth an immediate push. */
  changed: (session: SourceSession) => void
  /** Only counters or the last error changed: they travel with the next event batch. */
  touched: (session: SourceSession) => void
  /** Every frame as received, before classification (recordings tap it). Hot path. */
  frame?: (sourceId: string, data: Buffer, isBinary: boolean, receivedAt: number) => void
  random?: () => number
}

/** Defaults until the connection engine makes them per-source settings. */
const HANDSHAKE_TIMEOUT_MS = 10_000
const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024
const STABLE_AFTER_MS = 30_000
const BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, floorMs: 250 }

function emptyCounters(): SourceCounters {
  return { events: 0, bytes: 0, frames: 0, reconnects: 0, errors: 0, errorsByKind: {}, evicted: 0 }
}

export class SourceSession {
  private config: SourceConfig
  private classifier!: FrameClassifier
  private socket: WebSocket | undefined
  private state: SourceState = 'idle'
  private attempt = 0
  private nextRetryAt: number | null = null
  private retryTimer: TimerHandle | undefined
  private openedAt = 0
  private lastError: SourceError | null = null
  private lastEventAt: number | null = null
  private readonly rate = new RateMeter()
  readonly counters: SourceCounters = emptyCounters()
  private readonly sink: FrameSink
  /** Receive time of the frame being classified, shared by every event it yields. */
  private frameReceivedAt = 0

  constructor(
    config: SourceConfig,
    private readonly deps: SessionDeps,
  ) {
    this.config = config
    this.configure(config)
    this.sink = {
      event: (type, payload) => {
        this.counters.events++
        this.lastEventAt = this.frameReceivedAt
        this.rate.record(this.frameReceivedAt)
        this.deps.ingest(this.config.id, type, payload, this.frameReceivedAt)
      },
      heartbeat: () => {},
      control: () => {},
      error: (message) => this.recordError('server-error', message),
    }
  }

  get id(): string {
    return this.config.id
  }

  get settings(): SourceConfig {
    return this.config
  }

  get currentState(): SourceState {
    return this.state
  }

  /** Connects if the source is enabled; a disabled source stays idle until connected by hand. */
  start(): void {
    if (this.config.enabled) this.connect()
  }

  /** Connects now, cancelling any pending retry. */
  connect(): void {
    this.cancelRetry()
    this.attempt = 0
    this.dropSocket()
    this.dial()
  }

  /** A user close: no reconnect until the user (or a config change) asks for one. */
  disconnect(): void {
    this.cancelRetry()
    this.attempt = 0
    this.dropSocket()
    this.setState('closed')
  }

  /** Applies new settings; an active session reconnects with them. */
  update(config: SourceConfig): void {
    const wasActive = this.state !== 'idle' && this.state !== 'closed'
    this.config = config
    this.configure(config)
    if (!config.enabled) this.disconnect()
    else if (wasActive || this.state === 'idle') this.connect()
    else this.deps.changed(this)
  }

  send(text: string): void {
    const socket = this.socket
    if (!socket || this.state !== 'open' || socket.readyState !== socket.OPEN) {
      throw new VigilError(
        'not-open',
        `source "${this.config.name}" is not open (it is ${this.state})`,
      )
    }
    socket.send(text)
  }

  dispose(): void {
    this.cancelRetry()
    this.dropSocket()
  }

  view(now = this.deps.clock.now()): SourceView {
    const { id, name, preset, enabled, url } = this.config
    return {
      id,
      name,
      preset,
      enabled,
      url,
      state: this.state,
      attempt: this.attempt,
      nextRetryAt: this.nextRetryAt,
      counters: this.snapshotCounters(),
      lastEventAt: this.lastEventAt,
      lastError: this.lastError,
      eventsPerSecond: this.rate.rate(now),
    }
  }

  stats(now = this.deps.clock.now()): SourceStats {
    return {
      id: this.config.id,
      counters: this.snapshotCounters(),
      lastEventAt: this.lastEventAt,
      lastError: this.lastError,
      eventsPerSecond: this.rate.rate(now),
    }
  }

  rateNow(now: number): number {
    return this.rate.rate(now)
  }

  private snapshotCounters(): SourceCounters {
    return { ...this.counters, errorsByKind: { ...this.counters.errorsByKind } }
  }

  private configure(config: SourceConfig): void {
    const preset = presetFor(config.preset)
    const typePath = mustParseFieldPath(config.eventTypePath ?? preset.defaultEventTypePath)
    const typeOf = (payload: unknown): string => {
      const value = readPath(payload, typePath)
      if (typeof value === 'string' && value !== '') return value
      if (typeof value === 'number' || typeof value === 'boolean') return String(value)
      return 'unknown'
    }
    this.classifier = preset.createClassifier(config, typeOf)
  }

  private dial(): void {
    this.setState('connecting')
    const generation = ++this.generation
    this.deps
      .resolveUrl(this.config.url)
      .then((url) => {
        if (generation !== this.generation) return
        this.open(url, generation)
      })
      .catch((error: unknown) => {
        if (generation !== this.generation) return
        this.recordError(
          'network',
          `cannot resolve ${this.config.url}: ${(error as Error).message}`,
        )
        this.scheduleRetry()
      })
  }

  /** Incremented whenever a connection attempt is abandoned, so its late callbacks are ignored. */
  private generation = 0

  private open(url: string, generation: number): void {
    let socket: WebSocket
    try {
      socket = this.deps.socketFactory(url, {
        headers: this.config.headers,
        handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
        maxPayload: MAX_PAYLOAD_BYTES,
        // permessage-deflate costs 20-35x CPU per small message; event streams are small messages.
        perMessageDeflate: false,
      })
    } catch (error) {
      this.recordError('handshake', (error as Error).message)
      this.scheduleRetry()
      return
    }
    this.socket = socket
    const current = () => generation === this.generation && this.socket === socket

    socket.on('open', () => {
      if (!current()) return
      this.openedAt = this.deps.clock.now()
      this.setState('open')
      this.sendOnOpen(socket)
    })
    socket.on('message', (data, isBinary) => {
      if (!current()) return
      this.receive(data as Buffer, isBinary)
    })
    socket.on('unexpected-response', (_request, response) => {
      if (!current()) return
      this.recordError('handshake', `server answered the upgrade with HTTP ${response.statusCode}`)
      response.resume()
      socket.terminate()
    })
    socket.on('error', (error: Error & { code?: string }) => {
      if (!current()) return
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        this.recordError('oversized-frame', `a frame exceeded the ${MAX_PAYLOAD_BYTES}-byte limit`)
      } else if (this.lastError?.kind !== 'handshake' || this.state === 'open') {
        this.recordError(this.state === 'open' ? 'network' : 'handshake', error.message)
      }
    })
    socket.on('close', () => {
      if (!current()) return
      this.socket = undefined
      if (this.deps.clock.now() - this.openedAt >= STABLE_AFTER_MS && this.state === 'open')
        this.attempt = 0
      this.scheduleRetry()
    })
  }

  private sendOnOpen(socket: WebSocket): void {
    for (const message of this.config.onOpen) {
      socket.send(typeof message === 'string' ? message : JSON.stringify(message))
    }
  }

  private receive(data: Buffer, isBinary: boolean): void {
    const receivedAt = this.deps.clock.now()
    this.deps.frame?.(this.config.id, data, isBinary, receivedAt)
    this.counters.frames++
    this.counters.bytes += data.length
    if (isBinary) {
      this.recordError('binary-frame', `ignored a ${data.length}-byte binary frame`)
      return
    }
    let frame: unknown
    try {
      frame = JSON.parse(data.toString())
    } catch {
      this.recordError('malformed-frame', `a frame was not valid JSON: ${preview(data)}`)
      return
    }
    this.frameReceivedAt = receivedAt
    this.classifier.classify(frame, this.sink)
  }

  private scheduleRetry(): void {
    this.cancelRetry()
    const delay = backoffDelay(BACKOFF, this.attempt, this.deps.random)
    this.attempt++
    this.counters.reconnects++
    this.nextRetryAt = this.deps.clock.now() + delay
    this.retryTimer = this.deps.clock.setTimeout(() => {
      this.retryTimer = undefined
      this.nextRetryAt = null
      this.dial()
    }, delay)
    this.setState('reconnecting')
  }

  private cancelRetry(): void {
    this.deps.clock.clearTimeout(this.retryTimer)
    this.retryTimer = undefined
    this.nextRetryAt = null
  }

  private dropSocket(): void {
    this.generation++
    const socket = this.socket
    this.socket = undefined
    if (socket) {
      socket.removeAllListeners('message')
      // A socket being replaced must not surface errors later; terminate() skips the close
      // handshake a dead peer would never answer.
      socket.on('error', () => {})
      socket.terminate()
    }
  }

  private recordError(kind: SourceErrorKind, message: string): void {
    this.counters.errors++
    this.counters.errorsByKind[kind] = (this.counters.errorsByKind[kind] ?? 0) + 1
    this.lastError = { kind, message, at: this.deps.clock.now() }
    // A flood of bad frames must not become a flood of pushes: counters ride the next batch.
    this.deps.touched(this)
  }

  private setState(state: SourceState): void {
    if (state === this.state && state !== 'reconnecting') return
    this.state = state
    this.deps.changed(this)
  }
}

function preview(data: Buffer): string {
  const text = data.subarray(0, 80).toString()
  return JSON.stringify(data.length > 80 ? `${text}…` : text)
}
