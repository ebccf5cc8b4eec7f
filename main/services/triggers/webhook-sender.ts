/**
 * Delivers webhook requests off the hot path: a few at a time, each with a timeout, retried with
 * growing delays when the failure may be temporary (network error, timeout, 408, 429, 5xx).
 * Everything that happens ends in exactly one outcome per request, which the engine records.
 * Requests beyond the queue's bound fail at once instead of growing memory behind a dead server.
 *
 * A slot (`maxInFlight`) is held only while an attempt is on the wire: a request waiting out its
 * retry delay gives its slot back and is queued again when the delay ends, so a dead endpoint
 * cannot starve every other trigger's webhooks for the minutes its retries take. A request that
 * cannot be built (a header value holding a line break, say) can never succeed: it fails at once.
 *
 * Requests go only where their URL says: to an allowed address (webhook-dispatcher.ts), and never
 * on to where a redirect points, since a redirect would carry the request's headers (its secrets)
 * to an origin the user did not write. A 3xx answer is a failure that names its `Location`.
 */

import { fetch, type Agent } from 'undici'
import { forbiddenHost } from '../../../shared/webhook-destination'
import { scrubSecrets } from '../sources/auth'
import type { Clock, TimerHandle } from '../util/clock'
import { redactUrl } from '../util/logger'
import {
  ForbiddenDestinationError,
  webhookAgent,
  type WebhookAgentOptions,
} from './webhook-dispatcher'
import { backoffCeiling } from '../../../shared/utils/backoff'

export interface WebhookRequest {
  url: string
  method: string
  headers: Record<string, string>
  body: string | undefined
  timeoutMs: number
  retries: number
  /** How the request is named in failure messages (never holds a secret). */
  label: string
  /** Secret values in the request, removed from failure messages should a server echo one. */
  secrets?: readonly string[]
}

export type WebhookOutcome =
  { ok: true; status: number; attempts: number } | { ok: false; message: string; attempts: number }

export interface WebhookSenderOptions extends WebhookAgentOptions {
  clock: Clock
  /** Delay before the first retry; doubles for each further one (capped at 30 s). */
  retryBaseMs?: number
  maxInFlight?: number
  maxQueued?: number
}

const MAX_RETRY_DELAY_MS = 30_000
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504])

interface Pending {
  request: WebhookRequest
  done: (outcome: WebhookOutcome) => void
  /** Attempts made so far. */
  attempts: number
}

type AttemptResult =
  | { ok: true; status: number }
  | { ok: false; retry: boolean; message: string; retryAfterMs?: number }

export class WebhookSender {
  /** Requests ready for their next attempt, in order. */
  private readonly queue: Pending[] = []
  private inFlight = 0
  private readonly controllers = new Set<AbortController>()
  /**
   * Requests waiting out a retry delay, holding no slot, by the timer that queues them again. They
   * count against `maxQueued` with the queue: they are waiting all the same.
   */
  private readonly retrying = new Map<TimerHandle, Pending>()
  private idleWaiters: (() => void)[] = []
  private disposed = false
  private readonly agent: Agent
  private readonly retryBaseMs: number
  private readonly maxInFlight: number
  private readonly maxQueued: number

  constructor(private readonly options: WebhookSenderOptions) {
    this.agent = webhookAgent(options)
    this.retryBaseMs = options.retryBaseMs ?? 1_000
    this.maxInFlight = options.maxInFlight ?? 8
    this.maxQueued = options.maxQueued ?? 1_000
  }

  send(request: WebhookRequest, done: (outcome: WebhookOutcome) => void): void {
    if (this.disposed) return done({ ok: false, message: 'Vigil is shutting down', attempts: 0 })
    if (this.queue.length + this.retrying.size >= this.maxQueued) {
      return done({
        ok: false,
        message: `${this.maxQueued} webhook requests are already waiting; this one was dropped`,
        attempts: 0,
      })
    }
    const invalid = unsendable(request)
    if (invalid !== undefined)
      return done({
        ok: false,
        message: this.scrub(request, `${request.label}: ${invalid}`),
        attempts: 0,
      })
    this.queue.push({ request, done, attempts: 0 })
    this.pump()
  }

  /** Resolves once nothing is queued, in flight or waiting to retry (for tests and shutdown). */
  settle(): Promise<void> {
    if (this.idle) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  dispose(): void {
    this.disposed = true
    for (const controller of this.controllers) controller.abort()
    void this.agent.destroy().catch(() => {})
    const waiting = this.queue.splice(0)
    for (const [timer, pending] of this.retrying) {
      this.options.clock.clearTimeout(timer)
      waiting.push(pending)
    }
    this.retrying.clear()
    for (const pending of waiting)
      pending.done({ ok: false, message: 'Vigil is shutting down', attempts: pending.attempts })
    this.checkIdle()
  }

  private get idle(): boolean {
    return this.queue.length === 0 && this.inFlight === 0 && this.retrying.size === 0
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const pending = this.queue.shift()!
      this.inFlight++
      void this.attempt(pending.request).then((result) => {
        this.inFlight--
        this.attempted(pending, result)
        this.pump()
        this.checkIdle()
      })
    }
  }

  /** Ends the request with its outcome, or sets it aside (slot released) until its retry is due. */
  private attempted(pending: Pending, result: AttemptResult): void {
    const { request } = pending
    const attempts = ++pending.attempts
    if (result.ok) return pending.done({ ok: true, status: result.status, attempts })
    if (!result.retry || attempts > request.retries || this.disposed) {
      const message = this.scrub(request, `${request.label}: ${result.message}`)
      return pending.done({ ok: false, message, attempts })
    }
    const backoff = backoffCeiling(
      { initialMs: this.retryBaseMs, maxMs: MAX_RETRY_DELAY_MS },
      attempts - 1,
    )
    const timer = this.options.clock.setTimeout(
      () => {
        this.retrying.delete(timer)
        this.queue.push(pending)
        this.pump()
      },
      Math.max(backoff, result.retryAfterMs ?? 0),
    )
    this.retrying.set(timer, pending)
  }

  private scrub(request: WebhookRequest, message: string): string {
    return request.secrets ? scrubSecrets(message, request.secrets) : message
  }

  private checkIdle(): void {
    if (!this.idle) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  private async attempt(request: WebhookRequest): Promise<AttemptResult> {
    const controller = new AbortController()
    this.controllers.add(controller)
    const timer = this.options.clock.setTimeout(() => controller.abort(), request.timeoutMs)
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        signal: controller.signal,
        dispatcher: this.agent,
        redirect: 'manual',
      })
      // The answer's body is not used; cancelling it frees the connection for the next request.
      await response.body?.cancel().catch(() => {})
      if (response.ok) return { ok: true, status: response.status }
      if (response.status >= 300 && response.status < 400)
        return {
          ok: false,
          retry: false,
          message: redirectRefused(response.status, response.headers.get('location'), request.url),
        }
      const failure: AttemptResult & { ok: false } = {
        ok: false,
        retry: RETRYABLE_STATUS.has(response.status),
        message: `the server answered HTTP ${response.status}`,
      }
      const retryAfter = Number(response.headers.get('retry-after'))
      if (response.status === 429 && retryAfter > 0 && retryAfter <= 60)
        failure.retryAfterMs = retryAfter * 1000
      return failure
    } catch (error) {
      const forbidden = forbiddenCause(error)
      if (forbidden) return { ok: false, retry: false, message: forbidden.message }
      const message = controller.signal.aborted
        ? this.disposed
          ? 'cancelled at shutdown'
          : `no answer within ${request.timeoutMs} ms`
        : describeFetchError(error)
      return { ok: false, retry: !this.disposed, message }
    } finally {
      this.options.clock.clearTimeout(timer)
      this.controllers.delete(controller)
    }
  }
}

/**
 * Why fetch would refuse to build the request, or undefined. fetch rejects such a request with a
 * TypeError just like a network failure, so it would be retried in vain; and its message quotes
 * the offending value, which may hold a rendered secret, so this one names the header only.
 */
function unsendable(request: WebhookRequest): string | undefined {
  const { url, method, headers, body } = request
  // An IP literal is connected to without a look-up: its address is checked here.
  const forbidden = URL.canParse(url) ? forbiddenHost(new URL(url).hostname) : undefined
  if (forbidden !== undefined) return forbidden
  try {
    new Request(url, { method, headers, ...(body !== undefined ? { body } : {}) })
    return undefined
  } catch {
    for (const [name, value] of Object.entries(headers)) {
      try {
        new Headers([[name, value]])
      } catch {
        return `header "${name}" cannot be sent: its value holds a line break or another character HTTP does not allow`
      }
    }
    return 'the request cannot be built (not a valid HTTP request)'
  }
}

/** The longest `Location` quoted in a failure (it comes from the server). */
const MAX_LOCATION_CHARS = 300

/** Why a 3xx answer ends the request, naming where it pointed (query values hidden). */
function redirectRefused(status: number, location: string | null, base: string): string {
  if (location === null) return `the server answered HTTP ${status} (a redirect with no Location)`
  let target = URL.canParse(location, base) ? redactUrl(new URL(location, base).href) : location
  if (target.length > MAX_LOCATION_CHARS) target = `${target.slice(0, MAX_LOCATION_CHARS)}…`
  return `the server answered HTTP ${status}, a redirect to ${target}, which Vigil does not follow (webhooks go only where their URL says)`
}

function forbiddenCause(error: unknown): ForbiddenDestinationError | undefined {
  for (let at = error, depth = 0; at instanceof Error && depth < 5; depth++) {
    if (at instanceof ForbiddenDestinationError) return at
    at = (at as Error & { cause?: unknown }).cause
  }
  return undefined
}

/** fetch hides the reason in `cause` (ECONNREFUSED, ENOTFOUND, ...). */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause
  return cause?.code ? `${error.message} (${cause.code})` : (cause?.message ?? error.message)
}
