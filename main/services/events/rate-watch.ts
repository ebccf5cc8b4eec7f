/**
 * Once a second, sources whose event rate changed ride the next batch, so a stream that stops
 * shows 0/s without the UI polling. Quiet sources cost nothing.
 */

import type { Clock, TimerHandle } from '../util/clock'

export class RateWatch {
  private timer: TimerHandle | undefined
  private readonly lastRates = new Map<string, number>()
  private stopped = false

  constructor(
    private readonly clock: Clock,
    /** Each source's id and its rate at `now`. */
    private readonly rates: (now: number) => Iterable<[string, number]>,
    /** A source whose rate changed: it rides the next batch. */
    private readonly touch: (id: string) => void,
  ) {
    this.schedule()
  }

  /** A source is gone: its last rate is forgotten. */
  forget(id: string): void {
    this.lastRates.delete(id)
  }

  dispose(): void {
    this.stopped = true
    this.clock.clearTimeout(this.timer)
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      for (const [id, rate] of this.rates(this.clock.now())) {
        if (rate !== (this.lastRates.get(id) ?? 0)) {
          this.lastRates.set(id, rate)
          this.touch(id)
        }
      }
      if (!this.stopped) this.schedule()
    }, 1_000)
  }
}
