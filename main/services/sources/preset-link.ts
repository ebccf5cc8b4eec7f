/**
 * A session's link to its preset on an open connection: the sink the preset's classifier reports
 * into, the preset's heartbeat watch (no heartbeat within its window means the channel is dead
 * even if events still trickle, as Census clients judge it), protocol messages repeated on a timer
 * (a Census resubscribe), and the notices the preset raises about the connection (a subscription
 * the server altered). Kept apart from the session's lifecycle; timers run on the injected clock.
 */

import type { SourceCounters, SourceNotice } from '../../../shared/domain'
import type { FrameClassifier, FrameSink } from '../presets'
import type { Clock, TimerHandle } from '../util/clock'
import { errorText } from '../../../shared/utils/error-text'
import type { ResolvedSettings } from './connection-settings'
import { SilenceWatch } from './watchdog'

export interface PresetLinkPorts {
  clock: Clock
  counters: SourceCounters
  /**
   * A classified event, stamped with its frame's arrival time and its share of the frame's bytes
   * (see `classify`). Hot path.
   */
  event(type: string, payload: unknown, at: number, bytes: number): void
  /** The server reported an error in-band. */
  error(message: string): void
  /** The preset's classifier failed on a frame (threw): that frame is lost, the next ones go on. */
  unreadable(message: string): void
  /** A counter moved without an event: it rides the next batch. */
  touched(): void
  /** A notice was raised (`message`) or cleared (`null`): worth a push. */
  noticed(message: string | null): void
  /** No heartbeat arrived for `quietFor` ms; the watch has stopped by then. */
  noHeartbeat(quietFor: number): void
  /** The preset read a frame as the server saying the connection is unhealthy. */
  unhealthy(message: string): void
}

export class PresetLink {
  private readonly sink: FrameSink
  private readonly heartbeats: SilenceWatch
  private repeatTimer: TimerHandle | undefined
  private readonly byCode = new Map<string, SourceNotice>()
  private frameAt = 0
  /** The events of the frame being classified, handed on once its classifier has returned. */
  private readonly types: string[] = []
  private readonly payloads: unknown[] = []

  constructor(private readonly ports: PresetLinkPorts) {
    this.heartbeats = new SilenceWatch(ports.clock, ports.noHeartbeat)
    this.sink = {
      event: (type, payload) => {
        this.types.push(type)
        this.payloads.push(payload)
      },
      heartbeat: () => this.heartbeats.heard(this.frameAt),
      control: () => {},
      error: (message) => ports.error(message),
      duplicate: () => {
        ports.counters.duplicates++
        ports.touched()
      },
      notice: (code, message) => this.notice(code, message),
      unhealthy: (message) => ports.unhealthy(message),
    }
  }

  /**
   * One parsed frame through the preset's classifier. Hot path. A classifier is code reading
   * whatever a server sent; if it throws on a frame, that frame is reported and dropped rather
   * than the error escaping into the socket's message handler (where it would crash the process
   * and leave the socket half-read); the events it gave before throwing still go on.
   *
   * Memory budgets count an event by the frame it came in, as received. A frame that holds several
   * events (a PI Web API frame carries a value per stream) is shared among them evenly, so a
   * frame's events add up to its size exactly: which is why they are handed on only once the
   * classifier has returned and their number is known.
   */
  classify(classifier: FrameClassifier, frame: unknown, at: number, raw: Buffer): void {
    this.frameAt = at
    try {
      classifier.classify(frame, this.sink, at, raw)
    } catch (error) {
      this.ports.unreadable(`the preset could not read a frame: ${errorText(error)}`)
    }
    if (this.types.length > 0) this.deliver(at, raw.length)
  }

  private deliver(at: number, frameBytes: number): void {
    const { types, payloads } = this
    const count = types.length
    const share = Math.floor(frameBytes / count)
    const remainder = frameBytes - share * count
    try {
      for (let i = 0; i < count; i++) {
        this.ports.event(types[i]!, payloads[i], at, i < remainder ? share + 1 : share)
      }
    } finally {
      types.length = 0
      payloads.length = 0
    }
  }

  /** A frame the preset says carries nothing (NeuroIO's binary frames): counted, no error. */
  ignored(): void {
    this.ports.counters.ignored++
    this.ports.touched()
  }

  /** (Re)starts the heartbeat watch and the repeats on an open connection. */
  start(settings: ResolvedSettings, send: (text: string) => void, now: number): void {
    this.stop()
    this.heartbeats.start(settings.heartbeatTimeoutMs, now)
    const repeat = settings.repeat
    if (!repeat) return
    const tick = () => {
      for (const text of repeat.texts) send(text)
      this.repeatTimer = this.ports.clock.setTimeout(tick, repeat.intervalMs)
    }
    this.repeatTimer = this.ports.clock.setTimeout(tick, repeat.intervalMs)
  }

  /** The socket is not being read (backpressure): heartbeats cannot arrive, so none is awaited. */
  suspendWatch(): void {
    this.heartbeats.stop()
  }

  /** Reading again: a whole heartbeat window from now. */
  resumeWatch(settings: ResolvedSettings, now: number): void {
    this.heartbeats.start(settings.heartbeatTimeoutMs, now)
  }

  stop(): void {
    this.heartbeats.stop()
    this.ports.clock.clearTimeout(this.repeatTimer)
    this.repeatTimer = undefined
  }

  get notices(): SourceNotice[] {
    return [...this.byCode.values()]
  }

  /** Notices describe one connection (and one set of options): a new one starts without them. */
  clearNotices(): void {
    this.byCode.clear()
  }

  private notice(code: string, message: string | null): void {
    if (message === null) {
      if (this.byCode.delete(code)) this.ports.noticed(null)
      return
    }
    if (this.byCode.get(code)?.message === message) return
    this.byCode.set(code, { code, message, at: this.ports.clock.now() })
    this.ports.noticed(message)
  }
}
