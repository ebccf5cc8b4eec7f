/**
 * Headless: the same contract over one websocket to the host that served this page. The host set
 * an HttpOnly session cookie when the page was opened with `?token=`, and the browser sends it
 * with the upgrade request, so the page never holds the token.
 *
 * A host restarted with the same token accepts the cookie again (it is derived from the token),
 * so the page simply reconnects. One started with another token refuses it (401) on every
 * upgrade. A browser does not tell a page why an upgrade failed, so after a few attempts that
 * never opened the transport asks the host over plain HTTP; on 401 it stops retrying and says so
 * (`unauthorized`) instead of "reconnecting" for ever, until `signIn` is given the new token.
 */

import type { HostFrame, InvokeFrame } from '../../shared/bridge'
import { isEventChannel, type EventChannel, type InvokeChannel } from '../../shared/ipc'
import type { Result } from '../../shared/result'
import { backoffCeiling } from '../../shared/utils/backoff'
import { Emitter } from '../../shared/utils/emitter'
import { bridgeUrl, fetchProbe, fetchSignIn, probeUrl } from './host-http'
import type { BridgeStatus, Transport } from './transport'

/** The part of the browser's WebSocket this transport uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number
  onopen: ((event: Event) => void) | null
  onclose: ((event: CloseEvent) => void) | null
  onerror: ((event: Event) => void) | null
  onmessage: ((event: MessageEvent) => void) | null
  send(data: string): void
  close(code?: number, reason?: string): void
}

export interface WebSocketTransportOptions {
  url?: string
  createSocket?: (url: string) => SocketLike
  /** First retry delay; doubles per failed attempt up to `maxDelayMs`. */
  initialDelayMs?: number
  maxDelayMs?: number
  /**
   * Asks the host whether this page's session still holds: the HTTP status of a same-origin
   * request (default: HEAD `/`, cookie included); rejects when the host cannot be reached.
   */
  probe?: () => Promise<number>
  /** Attempts in a row that never opened before each retry asks `probe` first. */
  probeAfter?: number
  /** How long a call waits for the link before it is rejected unsent. */
  queueTimeoutMs?: number
  /**
   * Trades a pasted token for a new session cookie: the HTTP status the host answers (default:
   * POST `/api/session` on the page's own origin); rejects when the host cannot be reached.
   */
  postToken?: (token: string) => Promise<number>
}

const OPEN = 1

/** Why calls fail once the host refused this page's session. */
export const SESSION_EXPIRED_MESSAGE =
  'the session has expired: open the URL the host printed (the one with ?token=)'

/** Why `signIn` refused. */
export const WRONG_TOKEN_MESSAGE = 'the host did not accept this token'

interface Waiting {
  resolve: (result: Result<unknown>) => void
  reject: (error: Error) => void
}

interface Queued {
  frame: InvokeFrame
  waiting: Waiting
  /** Rejects the call if the link is not back in time. */
  deadline: ReturnType<typeof setTimeout>
}

export class WebSocketTransport implements Transport {
  private readonly url: string
  private readonly createSocket: (url: string) => SocketLike
  private readonly initialDelayMs: number
  private readonly maxDelayMs: number
  private readonly probe: () => Promise<number>
  private readonly probeAfter: number
  private readonly queueTimeoutMs: number
  private readonly postToken: (token: string) => Promise<number>

  private socket: SocketLike | undefined
  private current: BridgeStatus = 'connecting'
  private nextId = 1
  /** Sent, waiting for their result frame. */
  private readonly inFlight = new Map<number, Waiting>()
  /** Not sent yet because the socket is not open; they go out, in order, when it opens. */
  private readonly queued: Queued[] = []
  private readonly pushListeners = new Map<EventChannel, Emitter<unknown>>()
  private readonly statusListeners = new Emitter<BridgeStatus>()
  private readonly reconnectListeners = new Emitter<void>()
  private failedAttempts = 0
  /** Attempts in a row whose socket never opened (refused, or the host is down). */
  private unopenedAttempts = 0
  private hasOpened = false
  /** A queued call gave up waiting: what it would have fetched must be fetched again. */
  private expiredWhileDown = false
  private retryTimer: ReturnType<typeof setTimeout> | undefined
  private disposed = false

  constructor(options: WebSocketTransportOptions = {}) {
    this.url = options.url ?? bridgeUrl(window.location)
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url))
    this.initialDelayMs = options.initialDelayMs ?? 500
    this.maxDelayMs = options.maxDelayMs ?? 5_000
    this.probe = options.probe ?? fetchProbe(probeUrl(this.url))
    this.probeAfter = options.probeAfter ?? 2
    this.queueTimeoutMs = options.queueTimeoutMs ?? 30_000
    this.postToken = options.postToken ?? fetchSignIn(probeUrl(this.url))
    this.connect()
  }

  invoke(channel: InvokeChannel, args: unknown[]): Promise<Result<unknown>> {
    if (this.disposed) return Promise.reject(new Error('the engine bridge has been shut down'))
    if (this.current === 'unauthorized') return Promise.reject(new Error(SESSION_EXPIRED_MESSAGE))
    const frame: InvokeFrame = { t: 'invoke', id: this.nextId++, channel, args }
    return new Promise((resolve, reject) => {
      const waiting = { resolve, reject }
      if (this.socket && this.socket.readyState === OPEN) this.send(frame, waiting)
      // Unsent calls wait for the link, across retries (the start-up snapshot must not be lost
      // because the host was a moment late), but not for ever. The UI disables actions meanwhile.
      else this.enqueue(frame, waiting)
    })
  }

  on(channel: EventChannel, listener: (payload: unknown) => void): () => void {
    let listeners = this.pushListeners.get(channel)
    if (!listeners) {
      listeners = new Emitter<unknown>()
      this.pushListeners.set(channel, listeners)
    }
    return listeners.event(listener)
  }

  status(): BridgeStatus {
    return this.current
  }

  onStatus(listener: (status: BridgeStatus) => void): () => void {
    return this.statusListeners.event(listener)
  }

  onReconnect(listener: () => void): () => void {
    return this.reconnectListeners.event(listener)
  }

  /** The host sends pushes as soon as the socket opens; it has nothing to hold back. */
  ready(): void {}

  /**
   * Signs this page in again with a token the user pasted, after the host refused its session
   * (`unauthorized`): the host sets a new cookie and the link comes back (stores re-snapshot, as
   * after any reconnect). Rejects, leaving everything as it was, for a wrong token or an answer
   * other than yes.
   */
  async signIn(token: string): Promise<void> {
    const status = await this.postToken(token)
    if (status === 401 || status === 403) throw new Error(WRONG_TOKEN_MESSAGE)
    if (status !== 204) throw new Error(`the host answered HTTP ${status}`)
    if (this.disposed || this.current !== 'unauthorized') return
    this.failedAttempts = 0
    this.unopenedAttempts = 0
    this.setStatus('disconnected')
    this.connect()
  }

  /** Closes the socket for good: no more retries, and every waiting call is rejected. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    clearTimeout(this.retryTimer)
    const socket = this.socket
    this.socket = undefined
    if (socket) {
      this.detach(socket)
      socket.close(1000, 'closing')
    }
    this.rejectAll(new Error('the engine bridge has been shut down'), true)
    this.statusListeners.dispose()
    this.reconnectListeners.dispose()
    this.pushListeners.clear()
  }

  private enqueue(frame: InvokeFrame, waiting: Waiting): void {
    const entry: Queued = {
      frame,
      waiting,
      deadline: setTimeout(() => {
        const index = this.queued.indexOf(entry)
        if (index < 0) return
        this.queued.splice(index, 1)
        this.expiredWhileDown = true
        const seconds = Math.round(this.queueTimeoutMs / 1_000)
        waiting.reject(
          new Error(`no connection to the engine for ${seconds} s, so it was not sent`),
        )
      }, this.queueTimeoutMs),
    }
    this.queued.push(entry)
  }

  /** Takes every queued call off the queue (and its deadline), oldest first. */
  private takeQueued(): Queued[] {
    const taken = this.queued.splice(0)
    for (const entry of taken) clearTimeout(entry.deadline)
    return taken
  }

  private connect(): void {
    this.retryTimer = undefined
    let socket: SocketLike
    try {
      socket = this.createSocket(this.url)
    } catch (error) {
      // A malformed URL throws synchronously; treat it like any failed attempt and retry.
      console.error(error)
      this.scheduleRetry()
      return
    }
    this.socket = socket
    let opened = false
    socket.onopen = () => {
      opened = true
      this.handleOpen()
    }
    socket.onmessage = (event) => this.handleMessage(event.data)
    // 'error' is always followed by 'close', which does the work.
    socket.onerror = () => {}
    socket.onclose = () => {
      if (this.socket !== socket) return
      this.detach(socket)
      this.socket = undefined
      this.handleClose(opened)
    }
  }

  private handleOpen(): void {
    this.failedAttempts = 0
    this.unopenedAttempts = 0
    // Calls that gave up waiting left their stores without an answer: they fetch again too.
    const reconnected = this.hasOpened || this.expiredWhileDown
    this.hasOpened = true
    this.expiredWhileDown = false
    this.setStatus('open')
    for (const { frame, waiting } of this.takeQueued()) this.send(frame, waiting)
    if (reconnected) this.reconnectListeners.fire()
  }

  private handleClose(opened: boolean): void {
    // A call that was sent may or may not have run; the caller must decide, so it fails loudly.
    this.rejectAll(new Error('lost the connection to the engine before it answered'), false)
    this.setStatus('disconnected')
    this.unopenedAttempts = opened ? 0 : this.unopenedAttempts + 1
    if (this.unopenedAttempts >= this.probeAfter) void this.probeThenRetry()
    else this.scheduleRetry()
  }

  /**
   * The upgrade keeps failing: a host that is down cannot answer, but one that refuses this
   * page's session says 401 over HTTP too. Then retrying is pointless; anything else retries.
   */
  private async probeThenRetry(): Promise<void> {
    let status: number | null
    try {
      status = await this.probe()
    } catch {
      status = null
    }
    if (this.disposed) return
    if (status === 401) this.giveUp()
    else this.scheduleRetry()
  }

  private giveUp(): void {
    clearTimeout(this.retryTimer)
    this.retryTimer = undefined
    this.rejectAll(new Error(SESSION_EXPIRED_MESSAGE), true)
    this.setStatus('unauthorized')
  }

  private scheduleRetry(): void {
    if (this.disposed) return
    // One local host and one client: plain capped doubling is enough, jitter buys nothing here.
    const delay = backoffCeiling(
      { initialMs: this.initialDelayMs, maxMs: this.maxDelayMs },
      this.failedAttempts,
    )
    this.failedAttempts++
    this.retryTimer = setTimeout(() => this.connect(), delay)
  }

  private send(frame: InvokeFrame, waiting: Waiting): void {
    this.inFlight.set(frame.id, waiting)
    try {
      this.socket?.send(JSON.stringify(frame))
    } catch (error) {
      this.inFlight.delete(frame.id)
      waiting.reject(error instanceof Error ? error : new Error(String(error)))
    }
  }

  private handleMessage(data: unknown): void {
    const frame = parseHostFrame(data)
    if (!frame) return
    if (frame.t === 'result') {
      const waiting = this.inFlight.get(frame.id)
      if (!waiting) return
      this.inFlight.delete(frame.id)
      waiting.resolve(frame.result)
      return
    }
    this.pushListeners.get(frame.channel)?.fire(frame.payload)
  }

  private rejectAll(error: Error, includeQueued: boolean): void {
    const waiting = [...this.inFlight.values()]
    this.inFlight.clear()
    if (includeQueued) waiting.push(...this.takeQueued().map((entry) => entry.waiting))
    for (const { reject } of waiting) reject(error)
  }

  private setStatus(status: BridgeStatus): void {
    if (status === this.current) return
    this.current = status
    this.statusListeners.fire(status)
  }

  private detach(socket: SocketLike): void {
    socket.onopen = null
    socket.onmessage = null
    socket.onclose = null
    socket.onerror = null
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function isResult(value: unknown): value is Result<unknown> {
  if (!isRecord(value)) return false
  if (value.ok === true) return 'value' in value
  if (value.ok !== false || !isRecord(value.error)) return false
  return typeof value.error.code === 'string' && typeof value.error.message === 'string'
}

/**
 * Reads one frame from the host, or undefined for anything malformed: a bad frame is dropped
 * rather than allowed to throw inside the socket handler or resolve a call with junk.
 */
export function parseHostFrame(data: unknown): HostFrame | undefined {
  if (typeof data !== 'string') return undefined
  let frame: unknown
  try {
    frame = JSON.parse(data)
  } catch {
    return undefined
  }
  if (!isRecord(frame)) return undefined
  if (frame.t === 'result') {
    if (!Number.isSafeInteger(frame.id) || !isResult(frame.result)) return undefined
    return { t: 'result', id: frame.id as number, result: frame.result }
  }
  if (frame.t === 'push') {
    if (!isEventChannel(frame.channel) || !('payload' in frame)) return undefined
    return { t: 'push', channel: frame.channel, payload: frame.payload }
  }
  return undefined
}
