/**
 * Whether history's writes work: a failing write batch starts an episode (reported once, with its
 * cause: a full disk is `disk-full`, anything else `write-error`), during which events are
 * counted as not stored rather than kept, and the write queue retries with growing pauses (1 s
 * doubling to 30 s); the first write that succeeds ends it (reported once too). So a full disk is
 * a state that comes and goes by itself, not a log line per batch.
 */

import type {
  HistoryError,
  HistoryFailingPayload,
  HistoryRecoveredPayload,
} from '../../../shared/history-status'
import type { Clock } from '../util/clock'
import type { Logger } from '../util/logger'
import type { EventStore } from './event-store'
import type { WriteFailure, WriteQueue } from './write-queue'

const FIRST_RETRY_MS = 1_000
const MAX_RETRY_MS = 30_000

export interface HealthListener {
  failing(payload: HistoryFailingPayload): void
  recovered(payload: HistoryRecoveredPayload): void
}

export class HistoryHealth {
  lastError: HistoryError | null = null
  /** When the current episode began; null while writes work. */
  since: number | null = null
  private retryMs = FIRST_RETRY_MS
  /** Events not stored when the episode began, to tell how many it cost. */
  private lostBefore = 0

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly queue: WriteQueue,
    private readonly events: EventStore,
    private readonly listener: HealthListener,
  ) {}

  get failing(): boolean {
    return this.since !== null
  }

  /** A batch's outcome (see WriteQueue); `retry` when it was one of the episode's retries. */
  outcome(failure: WriteFailure | null, retry: boolean): void {
    if (failure === null) {
      if (this.since !== null) this.recover(this.since)
      return
    }
    const now = this.clock.now()
    const changed = this.lastError?.reason !== failure.reason
    this.lastError = { reason: failure.reason, message: failure.message, at: now }
    if (this.since === null) return this.begin(now)
    if (changed) this.events.refuse(failure.reason)
    // Only a failed retry lengthens the pause: batches already in flight when the episode began
    // fail too, and must not count as attempts.
    if (retry) {
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS)
      this.queue.retryAfter(this.retryMs)
    }
  }

  private begin(now: number): void {
    const { reason, message } = this.lastError!
    this.since = now
    this.lostBefore = this.events.stats().notStored
    this.events.refuse(reason)
    this.retryMs = FIRST_RETRY_MS
    this.queue.retryAfter(this.retryMs)
    this.logger.error(
      `history cannot be written (${reason}: ${message}); events are counted as not stored ` +
        'until it can, and Vigil keeps trying',
    )
    this.listener.failing({ reason, message, since: now })
  }

  private recover(since: number): void {
    const reason = this.lastError!.reason
    const notStored = this.events.stats().notStored - this.lostBefore
    this.since = null
    this.events.refuse(null)
    this.queue.retryAfter(null)
    this.logger.info(
      `history is being written again after ${Math.round((this.clock.now() - since) / 1000)} s ` +
        `(${reason}); ${notStored} events were not stored meanwhile`,
    )
    this.listener.recovered({ reason, since, notStored })
  }
}
