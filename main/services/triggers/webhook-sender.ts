/**
 * Delivers webhook requests off the hot path: a few at a time, each with a timeout, retried with
 * growing delays when the failure may be temporary (network error, timeout, 408, 429, 5xx).
 * Everything that happens ends in exactly one outcome per request, which the engine records.
 * Requests beyond the queue's bound fail at once instead of growing memory behind a dead server.
 */

import type { Clock, TimerHandle } from '../util/clock'

export interface WebhookRequest {
  url: string
  method: string
  headers: Record<string, string>
  body: string | undefined
  timeoutMs: number
  retries: number
  /** How the request is named in failure messages (never holds a secret). */
  label: string
}

export type WebhookOutcome =
  { ok: true; status: number; attempts: number } | { ok: false; message: string; attempts: number }

export interface WebhookSenderOptions {
  clock: Clock
  fetch?: typeof fetch
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
}

export class WebhookSender {
  private readonly queue: Pending[] = []
  private inFlight = 0
  private readonly controllers = new Set<AbortController>()
  /** Retry delays in progress, with the function that ends each early (at shutdown). */
  private readonly timers = new Map<TimerHandle, () => void>()
  private idleWaiters: (() => void)[] = []
  private disposed = false
  private readonly fetch: typeof fetch
  private readonly retryBaseMs: number
  private readonly maxInFlight: number
  private readonly maxQueued: number

  constructor(private readonly options: WebhookSenderOptions) {
    this.fetch = options.fetch ?? globalThis.fetch
    this.retryBaseMs = options.retryBaseMs ?? 1_000
    this.maxInFlight = options.maxInFlight ?? 8
    this.maxQueued = options.maxQueued ?? 1_000
  }

  send(request: WebhookRequest, done: (outcome: WebhookOutcome) => void): void {
    if (this.disposed) return done({ ok: false, message: 'Vigil is shutting down', attempts: 0 })
    if (this.queue.length >= this.maxQueued) {
      return done({
        ok: false,
        message: `${this.maxQueued} webhook requests are already waiting; this one was dropped`,
        attempts: 0,
      })
    }
    this.queue.push({ request, done })
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
    for (const [timer, wake] of this.timers) {
      this.options.clock.clearTimeout(timer)
      wake()
    }
    this.timers.clear()
    for (const pending of this.queue.splice(0))
      pending.done({ ok: false, message: 'Vigil is shutting down', attempts: 0 })
    this.checkIdle()
  }

  private get idle(): boolean {
    return this.queue.length === 0 && this.inFlight === 0
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const pending = this.queue.shift()!
      this.inFlight++
      void this.deliver(pending.request).then((outcome) => {
        this.inFlight--
        pending.done(outcome)
        this.pump()
        this.checkIdle()
      })
    }
  }

  private checkIdle(): void {
    if (!this.idle) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  private async deliver(request: WebhookRequest): Promise<WebhookOutcome> {
    let lastError = ''
    for (let attempt = 1; attempt <= request.retries + 1; attempt++) {
      if (this.disposed)
        return { ok: false, message: 'Vigil is shutting down', attempts: attempt - 1 }
      const result = await this.attempt(request)
      if (result.ok) return { ok: true, status: result.status, attempts: attempt }
      lastError = result.message
      if (!result.retry || attempt > request.retries) {
        return { ok: false, message: `${request.label}: ${lastError}`, attempts: attempt }
      }
      const backoff = Math.min(this.retryBaseMs * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS)
      await this.sleep(Math.max(backoff, result.retryAfterMs ?? 0))
    }
    return { ok: false, message: `${request.label}: ${lastError}`, attempts: request.retries + 1 }
  }

  private async attempt(
    request: WebhookRequest,
  ): Promise<
    | { ok: true; status: number }
    | { ok: false; retry: boolean; message: string; retryAfterMs?: number }
  > {
    const controller = new AbortController()
    this.controllers.add(controller)
    const timer = this.options.clock.setTimeout(() => controller.abort(), request.timeoutMs)
    try {
      const response = await this.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        signal: controller.signal,
      })
      // The answer's body is not used; cancelling it frees the connection for the next request.
      await response.body?.cancel().catch(() => {})
      if (response.ok) return { ok: true, status: response.status }
      const failure: { ok: false; retry: boolean; message: string; retryAfterMs?: number } = {
        ok: false,
        retry: RETRYABLE_STATUS.has(response.status),
        message: `the server answered HTTP ${response.status}`,
      }
      const retryAfter = Number(response.headers.get('retry-after'))
      if (response.status === 429 && retryAfter > 0 && retryAfter <= 60)
        failure.retryAfterMs = retryAfter * 1000
      return failure
    } catch (error) {
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

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.options.clock.setTimeout(() => {
        this.timers.delete(timer)
        resolve()
      }, ms)
      this.timers.set(timer, resolve)
    })
  }
}

/** fetch hides the reason in `cause` (ECONNREFUSED, ENOTFOUND, ...). */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause
  return cause?.code ? `${error.message} (${cause.code})` : (cause?.message ?? error.message)
}
