/**
 * The timers that watch an open connection for a session: silence (nothing at all received for
 * `silenceMs`: any frame counts), the preset's heartbeat window (no heartbeat within it means the
 * channel is dead even if events still trickle, as Census clients judge it), and the protocol
 * messages a preset repeats (a Census resubscribe). While the socket is not read (backpressure)
 * nothing read can prove the peer alive or dead, so the two watches stop, and start afresh when
 * reading resumes. Timers run on the injected clock.
 */

import type { Clock, TimerHandle } from '../util/clock'
import type { ResolvedSettings } from './connection-settings'
import { seconds } from './keepalive'
import { SilenceWatch } from './watchdog'

export class ConnectionWatches {
  private readonly silence: SilenceWatch
  private readonly heartbeats: SilenceWatch
  private repeatTimer: TimerHandle | undefined

  /** `silent` hears why the connection is to be dropped as silent; that watch has stopped. */
  constructor(
    private readonly clock: Clock,
    silent: (message: string) => void,
  ) {
    this.silence = new SilenceWatch(clock, (quietFor) =>
      silent(`nothing received for ${seconds(quietFor)}`),
    )
    this.heartbeats = new SilenceWatch(clock, (quietFor) =>
      silent(`no heartbeat for ${seconds(quietFor)}`),
    )
  }

  /** Every watch, and the repeats, on a connection just opened; `send` sends on it. */
  start(settings: ResolvedSettings, send: (text: string) => void, now: number): void {
    this.silence.start(settings.silenceMs, now)
    this.startPreset(settings, send, now)
  }

  /** Any frame arrived at `at`. Called for every frame: one assignment. */
  heard(at: number): void {
    this.silence.heard(at)
  }

  /** A heartbeat arrived at `at`. */
  heartbeat(at: number): void {
    this.heartbeats.heard(at)
  }

  /** New timings on the open connection: the silence window starts again from now. */
  retime(settings: ResolvedSettings, now: number): void {
    this.silence.start(settings.silenceMs, now)
  }

  /** (Re)starts the preset's heartbeat watch and repeats (its options changed, or it opened). */
  startPreset(settings: ResolvedSettings, send: (text: string) => void, now: number): void {
    this.stopPreset()
    this.heartbeats.start(settings.heartbeatTimeoutMs, now)
    const repeat = settings.repeat
    if (!repeat) return
    const tick = () => {
      for (const text of repeat.texts) send(text)
      this.repeatTimer = this.clock.setTimeout(tick, repeat.intervalMs)
    }
    this.repeatTimer = this.clock.setTimeout(tick, repeat.intervalMs)
  }

  /** The socket is not being read: nothing can arrive, so nothing is awaited. */
  suspend(): void {
    this.silence.stop()
    this.heartbeats.stop()
  }

  /** Reading again: whole windows from now. */
  resume(settings: ResolvedSettings, now: number): void {
    this.silence.start(settings.silenceMs, now)
    this.heartbeats.start(settings.heartbeatTimeoutMs, now)
  }

  stop(): void {
    this.silence.stop()
    this.stopPreset()
  }

  private stopPreset(): void {
    this.heartbeats.stop()
    this.clock.clearTimeout(this.repeatTimer)
    this.repeatTimer = undefined
  }
}
