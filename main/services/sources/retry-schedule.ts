/**
 * When a source tries again: counts consecutive attempts, picks each delay (full-jitter backoff,
 * or the slow pace after a hard refusal and while failed), and runs the one pending retry timer;
 * and whether a source may be retried now, by hand.
 */

import type { SourceState } from '../../../shared/domain'
import type { Clock, TimerHandle } from '../util/clock'
import {
  attemptAtCap,
  backoffDelay,
  slowDelay,
  type BackoffPolicy,
} from '../../../shared/utils/backoff'

export class RetrySchedule {
  /** Consecutive attempts since the last stable connection (shown while retrying). */
  attempt = 0
  /** When the pending retry is due, or null. */
  nextRetryAt: number | null = null
  /** The backoff exponent; a hard refusal moves it straight to the cap. */
  private level = 0
  private timer: TimerHandle | undefined

  constructor(
    private readonly clock: Clock,
    private readonly random: () => number,
    private readonly due: () => void,
  ) {}

  /**
   * Schedules the next try and answers its delay. `hard`: retrying soon cannot help (go to the
   * cap at once); `slow`: the source is failed (keep trying, but at the cap's pace).
   */
  schedule(policy: BackoffPolicy, hard: boolean, slow: boolean): number {
    this.cancel()
    this.attempt++
    if (hard) this.level = Math.max(this.level, attemptAtCap(policy))
    const delay =
      hard || slow
        ? slowDelay(policy, this.random)
        : backoffDelay(policy, this.level++, this.random)
    this.nextRetryAt = this.clock.now() + delay
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined
      this.nextRetryAt = null
      this.due()
    }, delay)
    return delay
  }

  cancel(): void {
    this.clock.clearTimeout(this.timer)
    this.timer = undefined
    this.nextRetryAt = null
  }

  /** Healthy (or asked to connect by hand): the next drop starts from the first step again. */
  reset(): void {
    this.attempt = 0
    this.level = 0
  }
}

/** The states in which a source is down and waiting for its next try: what Retry now is for. */
const RETRYABLE: ReadonlySet<SourceState> = new Set(['reconnecting', 'stale', 'failed'])

/**
 * Why Retry now does not apply to a source in `state` (a `conflict`), or null when it does:
 * there is nothing to retry on an open source or one already trying, and a closed one is
 * connected, not retried (the user closed it on purpose).
 */
export function retryRefusal(name: string, state: SourceState): string | null {
  if (RETRYABLE.has(state)) return null
  switch (state) {
    case 'open':
      return `source "${name}" is open: there is nothing to retry`
    case 'connecting':
    case 'authenticating':
      return `source "${name}" is already connecting: wait for this try to finish`
    default:
      return `source "${name}" is ${state}: connect it instead, since it is not trying to connect`
  }
}
