/**
 * The two watchdogs of a source.
 *
 * SilenceWatch: the connection is open but nothing has arrived for `silenceMs` (any frame counts,
 * heartbeats and control frames included; websocket pongs do not, because a server's websocket
 * layer answers pings even when its event stream is stuck, and dead TCP is the keepalive's job).
 * Receiving a frame only stores a timestamp: the timer re-arms itself for the remainder when it
 * fires early, so a 10,000 events/s stream costs no timer churn.
 *
 * Outage (the dead channel): a source that is not healthy again within `deadChannelMs` of going
 * down is failed, once per outage. "Healthy" means open for `stableAfterMs`, not merely open, so a
 * server that accepts and drops at once (or flaps) cannot hide an outage. The clock pauses while a
 * connection is open and resumes if it drops before becoming stable.
 */

import type { Clock, TimerHandle } from '../util/clock'

export class SilenceWatch {
  private timer: TimerHandle | undefined
  private windowMs = 0
  private lastHeardAt = 0

  constructor(
    private readonly clock: Clock,
    private readonly onSilent: (silentForMs: number) => void,
  ) {}

  /** Starts watching an open connection (0: off). */
  start(windowMs: number, now: number): void {
    this.stop()
    this.windowMs = windowMs
    this.lastHeardAt = now
    if (windowMs > 0) this.arm(windowMs)
  }

  /** Something arrived. Called for every frame: keep it to one assignment. */
  heard(at: number): void {
    this.lastHeardAt = at
  }

  stop(): void {
    this.clock.clearTimeout(this.timer)
    this.timer = undefined
  }

  private arm(ms: number): void {
    this.timer = this.clock.setTimeout(() => {
      const quietFor = this.clock.now() - this.lastHeardAt
      if (quietFor >= this.windowMs) {
        this.timer = undefined
        this.onSilent(quietFor)
      } else {
        this.arm(this.windowMs - quietFor)
      }
    }, ms)
  }
}

export class Outage {
  private downSince: number | null = null
  private expired = false
  private timer: TimerHandle | undefined

  constructor(
    private readonly clock: Clock,
    /** The outage has lasted its window: the source is failed. Called once per outage. */
    private readonly onExpired: () => void,
  ) {}

  get since(): number | null {
    return this.downSince
  }

  get hasExpired(): boolean {
    return this.expired
  }

  /** The source is down (again): starts the outage, or resumes its clock (0: never expires). */
  down(now: number, windowMs: number): void {
    this.downSince ??= now
    if (this.expired || windowMs <= 0 || this.timer !== undefined) return
    const remaining = this.downSince + windowMs - now
    if (remaining <= 0) {
      this.expire()
      return
    }
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined
      this.expire()
    }, remaining)
  }

  /** A connection is open: the clock stops until it proves stable or drops. */
  pause(): void {
    this.clock.clearTimeout(this.timer)
    this.timer = undefined
  }

  /** Healthy again; answers whether the outage had been declared failed (worth a recovery alert). */
  end(): boolean {
    const wasExpired = this.expired
    this.clear()
    return wasExpired
  }

  /** Forgets the outage without a verdict (a user close). */
  clear(): void {
    this.pause()
    this.downSince = null
    this.expired = false
  }

  private expire(): void {
    this.expired = true
    this.onExpired()
  }
}
