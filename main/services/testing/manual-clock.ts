/**
 * A Clock a test moves by hand: timers run only inside `advance`, in time order. For code that
 * mixes timers with real asynchronous work (worker threads, sockets), where fake timers would
 * also freeze what the test waits on. Test-only.
 */

import type { Clock, TimerHandle } from '../util/clock'

interface Timer {
  id: number
  at: number
  callback: () => void
}

export class ManualClock implements Clock {
  private timers: Timer[] = []
  private nextId = 1

  constructor(private time = 1_700_000_000_000) {}

  now(): number {
    return this.time
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), callback }
    this.timers.push(timer)
    return timer.id as unknown as TimerHandle
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    this.timers = this.timers.filter((timer) => timer.id !== (handle as unknown as number))
  }

  /** Moves time forward, running every timer that falls due (including ones they set). */
  advance(ms: number): void {
    const end = this.time + ms
    for (;;) {
      const due = this.timers
        .filter((timer) => timer.at <= end)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0]
      if (!due) break
      this.timers = this.timers.filter((timer) => timer !== due)
      this.time = Math.max(this.time, due.at)
      due.callback()
    }
    this.time = end
  }

  pending(): number {
    return this.timers.length
  }
}
