/**
 * Backpressure on one source. While held (history is behind), the open connection stops reading
 * its socket, so the kernel's buffer fills and TCP makes the server wait rather than Vigil
 * buffering; a connection that opens meanwhile stops at once. While paused, nothing read proves
 * the peer alive or dead, so the connection's watches stop (keepalive's answer timers too, in
 * Connection) and start afresh on resuming. The time paused is counted (`pausedMs`).
 */

import type { Clock } from '../util/clock'
import type { Connection } from './connection'
import type { ResolvedSettings } from './connection-settings'
import type { ConnectionWatches } from './connection-watches'
import type { SourceMetrics } from './source-metrics'

export class ReadingHold {
  private held = false
  private paused = false

  constructor(
    private readonly clock: Clock,
    private readonly metrics: SourceMetrics,
    private readonly watches: ConnectionWatches,
  ) {}

  /** The current connection is not being read. */
  get isPaused(): boolean {
    return this.paused
  }

  /** Holds reading; `open` is the connection, if open. Answers whether it stopped reading now. */
  hold(open: Connection | undefined): boolean {
    this.held = true
    return this.pause(open)
  }

  /** Lets go; the connection, if any, reads again. Answers whether it resumed now. */
  release(connection: Connection | undefined, settings: ResolvedSettings): boolean {
    this.held = false
    if (!this.paused) return false
    this.paused = false
    const now = this.clock.now()
    this.metrics.paused(false, now)
    connection?.resumeReading()
    this.watches.resume(settings, now)
    return true
  }

  /** A connection opened: it stops reading at once while held. */
  opened(connection: Connection): boolean {
    return this.held && this.pause(connection)
  }

  /** The connection went: nothing is paused any more. */
  dropped(): void {
    if (!this.paused) return
    this.paused = false
    this.metrics.paused(false, this.clock.now())
  }

  private pause(open: Connection | undefined): boolean {
    if (this.paused || !open?.pauseReading()) return false
    this.paused = true
    this.watches.suspend()
    this.metrics.paused(true, this.clock.now())
    return true
  }
}
