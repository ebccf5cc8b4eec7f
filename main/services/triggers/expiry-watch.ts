/**
 * A single shot's deadline: a timer that calls `onDue` once the deadline has come, unless the
 * shot is settled first (it fired, or was re-armed). Deadlines may be a year away, further than
 * a timer can wait (Node's timers take at most 2^31-1 ms, about 24.8 days), so it waits in steps
 * of at most a day and looks at the clock again after each.
 */

import type { ExpiryState } from '../../../shared/trigger-views'
import type { Clock, TimerHandle } from '../util/clock'

const MAX_STEP_MS = 86_400_000

export class ExpiryWatch {
  expiredAt: number | null = null
  private timer: TimerHandle | undefined

  constructor(
    readonly deadline: number,
    private readonly clock: Clock,
    private readonly onDue: () => void,
  ) {}

  /** Waits for the deadline (`onDue` runs from a timer, even when it has already passed). */
  start(): void {
    this.stop()
    const wait = Math.min(MAX_STEP_MS, Math.max(0, this.deadline - this.clock.now()))
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined
      if (this.clock.now() < this.deadline) this.start()
      else this.onDue()
    }, wait)
  }

  /** No expiry any more: the shot fired, or the watch is replaced. */
  stop(): void {
    this.clock.clearTimeout(this.timer)
    this.timer = undefined
  }

  state(): ExpiryState {
    return { deadline: this.deadline, expiredAt: this.expiredAt }
  }
}
