/**
 * A Clock that moves only when a test says so, for backoff, keepalive and watchdog tests that run
 * against real sockets: the engine's timers obey this clock while `ws` and the network keep real
 * time, so a test can wait for I/O (with `waitFor`) without any engine timer firing meanwhile.
 * Test-only; never imported by production code.
 */

import type { Clock, TimerHandle } from '../util/clock'

interface Timer {
  at: number
  order: number
  callback: () => void
}

export class ManualClock implements Clock {
  private time: number
  private order = 0
  private nextId = 1
  private readonly timers = new Map<number, Timer>()

  constructor(start = Date.UTC(2030, 0, 1)) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++
    this.timers.set(id, { at: this.time + Math.max(0, ms), order: this.order++, callback })
    return id as unknown as TimerHandle
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle !== undefined) this.timers.delete(handle as unknown as number)
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const target = this.time + ms
    for (let due = this.earliest(); due && due[1].at <= target; due = this.earliest()) {
      const [id, timer] = due
      this.timers.delete(id)
      this.time = timer.at
      timer.callback()
    }
    this.time = target
  }

  /** When the earliest timer falls due, or null when none is pending. */
  nextAt(): number | null {
    return this.earliest()?.[1].at ?? null
  }

  get pending(): number {
    return this.timers.size
  }

  private earliest(): [number, Timer] | undefined {
    let best: [number, Timer] | undefined
    for (const entry of this.timers) {
      const timer = entry[1]
      if (
        !best ||
        timer.at < best[1].at ||
        (timer.at === best[1].at && timer.order < best[1].order)
      )
        best = entry
    }
    return best
  }
}
