/**
 * How one source gets back on its feet: when it tries again (the retry schedule), when a drop has
 * lasted long enough to count as failed (the dead-channel outage), and when an open connection
 * has lasted long enough to count as healthy (the stable timer). The SourceSession decides what
 * each of these means for its state; this keeps their clocks.
 */

import type { BackoffPolicy } from '../../../shared/utils/backoff'
import type { Clock, TimerHandle } from '../util/clock'
import { RetrySchedule } from './retry-schedule'
import { Outage } from './watchdog'

/** Who hears when a retry falls due, a source fails, or an open connection proves stable. */
export interface RecoveryHost {
  retryDue(): void
  /** Down for the whole dead-channel window (once per outage). */
  failed(): void
  /** Open for `stableAfterMs`: the backoff has started over and any outage is over. */
  stable(): void
}

export class SessionRecovery {
  private readonly retry: RetrySchedule
  private readonly outage: Outage
  private stableTimer: TimerHandle | undefined

  constructor(
    private readonly clock: Clock,
    random: () => number,
    private readonly host: RecoveryHost,
  ) {
    this.retry = new RetrySchedule(clock, random, () => host.retryDue())
    this.outage = new Outage(clock, () => host.failed())
  }

  /** Consecutive attempts since the last stable connection. */
  get attempt(): number {
    return this.retry.attempt
  }

  /** When the pending retry is due, or null. */
  get nextRetryAt(): number | null {
    return this.retry.nextRetryAt
  }

  /** When the current outage began, or null. */
  get downSince(): number | null {
    return this.outage.since
  }

  /** Whether the current outage has lasted its window (the source is failed). */
  get hasFailed(): boolean {
    return this.outage.hasExpired
  }

  /** No retry pending and the backoff from its first step: a connect or disconnect by hand. */
  restart(): void {
    this.retry.cancel()
    this.retry.reset()
  }

  /** No retry pending (the session dials now instead). */
  cancelRetry(): void {
    this.retry.cancel()
  }

  /** Forgets the outage without a verdict (a user close, or the session's end). */
  clearOutage(): void {
    this.outage.clear()
  }

  /** A connection is open: the outage's clock stops, and the stable timer starts. */
  opened(stableAfterMs: number): void {
    this.outage.pause()
    this.stableTimer = this.clock.setTimeout(() => this.stable(), stableAfterMs)
  }

  /** The connection is let go: it cannot prove stable any more. */
  letGo(): void {
    this.clock.clearTimeout(this.stableTimer)
    this.stableTimer = undefined
  }

  /** The next drop starts from the backoff's first step (a connection that was open long enough). */
  resetBackoff(): void {
    this.retry.reset()
  }

  /** The source is down (again): the outage starts or its clock resumes (0: never expires). */
  down(now: number, deadChannelMs: number): void {
    this.outage.down(now, deadChannelMs)
  }

  /** Schedules the next try and answers its delay (see RetrySchedule.schedule). */
  scheduleRetry(policy: BackoffPolicy, hard: boolean): number {
    return this.retry.schedule(policy, hard, this.outage.hasExpired)
  }

  /** Healthy again; answers whether the outage had been declared failed (worth a recovery alert). */
  endOutage(): boolean {
    return this.outage.end()
  }

  /** Open long enough to count as healthy: the backoff starts over. */
  private stable(): void {
    this.stableTimer = undefined
    this.retry.reset()
    this.host.stable()
  }
}
