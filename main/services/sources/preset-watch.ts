/**
 * What a preset asks of an open connection beyond frames: a heartbeat watch (no heartbeat within
 * the preset's window means the channel is dead even if events still trickle, as Census clients
 * judge it), protocol messages repeated on a timer (a Census resubscribe), and notices the preset
 * raises about the connection (a subscription the server altered). Kept apart from the session's
 * lifecycle; everything runs on the injected clock.
 */

import type { SourceNotice } from '../../../shared/domain'
import type { Clock, TimerHandle } from '../util/clock'
import type { ResolvedSettings } from './connection-settings'
import { SilenceWatch } from './watchdog'

export class PresetTimers {
  private readonly heartbeats: SilenceWatch
  private repeatTimer: TimerHandle | undefined

  constructor(
    private readonly clock: Clock,
    /** No heartbeat arrived for `quietFor` ms; the timers have stopped watching by then. */
    onNoHeartbeat: (quietFor: number) => void,
  ) {
    this.heartbeats = new SilenceWatch(clock, onNoHeartbeat)
  }

  /** A heartbeat arrived. Hot path: one assignment. */
  heartbeat(at: number): void {
    this.heartbeats.heard(at)
  }

  /** (Re)starts both on an open connection with these settings. */
  start(settings: ResolvedSettings, send: (text: string) => void, now: number): void {
    this.stop()
    this.heartbeats.start(settings.heartbeatTimeoutMs, now)
    const repeat = settings.repeat
    if (!repeat) return
    const tick = () => {
      for (const text of repeat.texts) send(text)
      this.repeatTimer = this.clock.setTimeout(tick, repeat.intervalMs)
    }
    this.repeatTimer = this.clock.setTimeout(tick, repeat.intervalMs)
  }

  stop(): void {
    this.heartbeats.stop()
    this.clock.clearTimeout(this.repeatTimer)
    this.repeatTimer = undefined
  }
}

/** The notices of one connection, by code. Setters answer whether anything changed. */
export class SourceNotices {
  private readonly byCode = new Map<string, SourceNotice>()

  set(code: string, message: string | null, at: number): boolean {
    if (message === null) return this.byCode.delete(code)
    if (this.byCode.get(code)?.message === message) return false
    this.byCode.set(code, { code, message, at })
    return true
  }

  clear(): boolean {
    const had = this.byCode.size > 0
    this.byCode.clear()
    return had
  }

  list(): SourceNotice[] {
    return [...this.byCode.values()]
  }
}
