/**
 * Reads one open connection's frames into events: the connection's FrameListener and its preset
 * classifier's FrameSink. A frame goes from the socket (connection.ts) to `frame` here, through
 * the preset's classifier, which reports what the frame holds into this sink; once it has
 * returned, each event goes on to the EventSink (event-flow.ts). What is not an event (heartbeats,
 * duplicates, errors, notices, a frame that says the connection is unhealthy) is counted here and
 * told to the session, which owns the connection's lifecycle. One reader per connection.
 */

import type { EventSink } from '../event-flow'
import type { FrameClassifier, FrameSink, PayloadPlace } from '../presets'
import type { Clock } from '../util/clock'
import { errorText } from '../../../shared/utils/error-text'
import { scrubSecrets } from './auth'
import type { FrameListener } from './connection'
import type { ConnectionWatches } from './connection-watches'
import type { SourceMetrics } from './source-metrics'
import type { SourceNotices } from './source-notices'
import type { UnknownTypeWatch } from './unknown-type-watch'

/** What a reader tells its session (rarely: never per event). */
export interface ReaderHost {
  /** Only counters or the last error changed: they travel with the next event batch. */
  touched(): void
  /** A notice was raised (`message`) or cleared (`null`): worth a push. */
  noticed(message: string | null): void
  /** The preset read a frame as the server saying the connection is unhealthy: drop it. */
  unhealthy(message: string): void
}

/** The source's parts a reader updates. */
export interface ReaderParts {
  clock: Clock
  metrics: SourceMetrics
  watches: ConnectionWatches
  notices: SourceNotices
  /** Told each event's type, to notice when most lack the configured type field. */
  typeWatch: UnknownTypeWatch
  events: EventSink
}

/** Events per frame whose slots a reader keeps from frame to frame (more are freed after it). */
const KEPT_SLOTS = 64

export class SourceReader implements FrameListener, FrameSink {
  /** When the frame being classified arrived. */
  private frameAt = 0
  /** The frame being classified. */
  private frameBeingRead: unknown
  /**
   * The events of the frame being classified, handed on once its classifier has returned: the
   * first `count` slots. The arrays keep their capacity from frame to frame (emptying one with
   * `length = 0` frees its store, and the next frame's first event allocated a new one: three
   * arrays a frame, a quarter of the pipeline's allocation per event); a slot is cleared once
   * handed on, so no payload outlives its delivery here.
   */
  private readonly types: string[] = []
  private readonly payloads: unknown[] = []
  /** Where each lies in the frame (undefined: made up from it). */
  private readonly places: (PayloadPlace | undefined)[] = []
  private count = 0

  /** `secrets`: the connection's, taken out of any text worded from a frame. */
  constructor(
    private readonly sourceId: string,
    private classifier: FrameClassifier,
    private readonly secrets: readonly string[],
    private readonly parts: ReaderParts,
    private readonly host: ReaderHost,
  ) {}

  /** The source's options changed on the open connection: its new classifier reads from now on. */
  useClassifier(classifier: FrameClassifier): void {
    this.classifier = classifier
  }

  // ---- FrameListener: what the connection reads --------------------------------------------

  /** Any frame, as received: counted, recordings take it, and it proves the channel alive. */
  received(data: Buffer, isBinary: boolean, at: number): void {
    this.parts.metrics.frame(data.length)
    this.parts.watches.heard(at)
    this.parts.events.frame(this.sourceId, data, isBinary, at)
  }

  /** A parsed frame: through the source's classifier, then its events on to the EventSink. */
  frame(frame: unknown, at: number, raw: Buffer, text: string): void {
    this.classify(this.classifier, frame, at, raw, text)
  }

  badFrame(kind: 'binary-frame' | 'malformed-frame', message: string): void {
    this.recordError(kind, message)
  }

  /** A frame the preset says carries nothing (NeuroIO's binary frames): counted, no error. */
  ignored(): void {
    this.parts.metrics.counters.ignored++
    this.host.touched()
  }

  /**
   * One parsed frame through `classifier` (the source's own, from `frame`). Hot path. A classifier
   * is code reading whatever a server sent; if it throws on a frame, that frame is reported and
   * dropped rather than the error escaping into the socket's message handler (where it would
   * crash the process and leave the socket half-read); the events it gave before throwing still
   * go on.
   *
   * Memory budgets count an event by the frame it came in, as received. A frame that holds several
   * events (a PI Web API frame carries a value per stream) is shared among them evenly, so a
   * frame's events add up to its size exactly: which is why they are handed on only once the
   * classifier has returned and their number is known.
   */
  classify(
    classifier: FrameClassifier,
    frame: unknown,
    at: number,
    raw: Buffer,
    text?: string,
  ): void {
    this.frameAt = at
    this.frameBeingRead = frame
    try {
      classifier.classify(frame, this, at, raw)
    } catch (error) {
      this.recordError(
        'malformed-frame',
        this.scrub(`the preset could not read a frame: ${errorText(error)}`),
      )
    }
    this.frameBeingRead = undefined
    if (this.count > 0) this.deliver(at, raw.length, text)
  }

  // ---- FrameSink: what the preset's classifier finds in a frame -----------------------------

  event(type: string, payload: unknown, place?: PayloadPlace): void {
    const slot = this.count++
    this.types[slot] = type
    this.payloads[slot] = payload
    this.places[slot] = place === undefined ? undefined : this.placeOf(payload, place)
  }

  heartbeat(): void {
    this.parts.watches.heartbeat(this.frameAt)
  }

  control(): void {}

  /** The server reported an error in-band (worded from a frame, which may echo a secret). */
  error(message: string): void {
    this.recordError('server-error', this.scrub(message))
  }

  duplicate(): void {
    this.parts.metrics.counters.duplicates++
    this.host.touched()
  }

  notice(code: string, message: string | null): void {
    if (this.parts.notices.set(code, message, this.parts.clock.now())) this.host.noticed(message)
  }

  /** Worded from a frame, which may echo a secret. */
  unhealthy(message: string): void {
    this.host.unhealthy(this.scrub(message))
  }

  /**
   * `place` if the payload is where the preset says it is in the frame (history stores it from
   * there), else undefined (history serialises the payload itself). One comparison: a member is
   * the very object JSON.parse made for it.
   */
  private placeOf(payload: unknown, place: PayloadPlace): PayloadPlace | undefined {
    const frame = this.frameBeingRead
    if (place === null) return payload === frame ? null : undefined
    const isMember =
      payload !== null &&
      typeof payload === 'object' &&
      frame !== null &&
      typeof frame === 'object' &&
      (frame as Record<string, unknown>)[place] === payload
    return isMember ? place : undefined
  }

  /** The classified frame's events, each with its share of the frame's bytes and its place. */
  private deliver(at: number, frameBytes: number, text: string | undefined): void {
    const { types, payloads, places, count } = this
    const { metrics, typeWatch, events } = this.parts
    const share = Math.floor(frameBytes / count)
    const remainder = frameBytes - share * count
    try {
      for (let i = 0; i < count; i++) {
        const bytes = i < remainder ? share + 1 : share
        metrics.event(at)
        typeWatch.observe(types[i]!, payloads[i])
        events.ingest(this.sourceId, types[i]!, payloads[i], at, bytes, text, places[i])
      }
    } finally {
      this.count = 0
      if (count > KEPT_SLOTS) {
        // A frame of many events (PI Web API's): its arrays' stores are not kept for the next.
        types.length = payloads.length = places.length = 0
      } else {
        for (let i = 0; i < count; i++) payloads[i] = undefined
      }
    }
  }

  /** Servers echo what they were sent (a login they did not understand): texts from frames may hold a secret. */
  private scrub(text: string): string {
    return scrubSecrets(text, this.secrets)
  }

  private recordError(kind: Parameters<SourceMetrics['error']>[0], message: string): void {
    this.parts.metrics.error(kind, message, this.parts.clock.now())
    // A flood of bad frames must not become a flood of pushes: counters ride the next batch.
    this.host.touched()
  }
}
