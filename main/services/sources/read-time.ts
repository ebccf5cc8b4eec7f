/**
 * The time of the socket read being handled, read from the clock once per read rather than once
 * per frame. `ws` (allowSynchronousEvents, a client's default) emits every frame of one socket read
 * synchronously, one after the other, so they all arrived at the same moment: the time is kept
 * until the read's handling returns, when a microtask forgets it (the same microtask boundary the
 * trigger engine evaluates a read's events at).
 */

import type { Clock } from '../util/clock'

export class ReadTime {
  private at: number | undefined
  private readonly forget = (): void => {
    this.at = undefined
  }

  constructor(private readonly clock: Clock) {}

  /** When the current socket read arrived. */
  now(): number {
    if (this.at === undefined) {
      this.at = this.clock.now()
      queueMicrotask(this.forget)
    }
    return this.at
  }
}
