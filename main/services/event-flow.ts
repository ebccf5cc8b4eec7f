/**
 * Where every frame and event goes, in one place: open `ingest` (and `keep`, its steps 1 to 4,
 * which `ingestRemote` shares) to see each subscriber of an event, in the order they hear of it.
 * Sessions call this directly (it is their `EventSink`); the Monitor builds it with the
 * subscribers the Engine composed, so a reader, an IDE's "go to implementation" or a call-graph
 * tool can follow an event from the socket to each of them. The whole path, hop by hop, is listed
 * in the README ("How it is built").
 */

import type { VigilEvent } from '../../shared/domain'
import type { PayloadPlace } from './presets/preset'
import type { EventBatcher } from './events/event-batcher'
import type { RecentEvents, SourceRecent } from './events/recent-events'
import { Emitter } from '../../shared/utils/emitter'
import { errorText } from '../../shared/utils/error-text'
import type { Logger } from './util/logger'
import type { KeptEvent } from './events/kept-event'

/** A frame exactly as a source received it, before classification. */
export interface RawFrame {
  sourceId: string
  data: Buffer
  binary: boolean
  receivedAt: number
}

/** Where a source hands what it receives (EventFlow). */
export interface EventSink {
  /**
   * A classified event, stamped with its frame's arrival time and its share of the frame's bytes
   * as received (memory budgets count those), with the frame's text and where the payload lies in
   * it (for history; without them, history serialises the payload). Hot path.
   */
  ingest(
    sourceId: string,
    type: string,
    payload: unknown,
    receivedAt: number,
    bytes: number,
    text?: string,
    place?: PayloadPlace,
  ): void
  /** Every frame as received, before classification. Hot path. */
  frame(sourceId: string, data: Buffer, binary: boolean, receivedAt: number): void
}

/** Learns the fields of every event (the field catalogue). */
export interface EventObserver {
  observe(event: VigilEvent): void
}

/**
 * Keeps every event (history), told its size in bytes of frames as received, and its frame's text
 * and the payload's place in it when it has them.
 */
export interface EventRecorder {
  record(event: VigilEvent, bytes: number, text?: string, place?: PayloadPlace): void
}

/**
 * Acts on every event (the trigger engine), told its size in bytes of frames as received, and the
 * event as the recent-events ring keeps it (`kept`: its frame's text where known), which is what
 * the consumer's own rings should hold too (see kept-event.ts).
 */
export interface EventConsumer {
  accept(event: VigilEvent, bytes: number, kept?: KeptEvent): void
}

/** Publishes every event of a source this host holds to the other hosts (the cluster). */
export interface EventPublisher {
  publish(event: VigilEvent): void
}

/** Keeps frames as received (recordings); asked only while `recording`. */
export interface FrameRecorder {
  readonly recording: boolean
  frame(frame: RawFrame): void
}

/** The Engine's parts that hear of every event; each is optional (a Monitor alone has none). */
export interface EventSubscribers {
  catalogue?: EventObserver
  history?: EventRecorder
  triggers?: EventConsumer
  recorder?: FrameRecorder
  cluster?: EventPublisher
}

export class EventFlow implements EventSink {
  private nextEventId: number
  private disposed = false
  private readonly observers: Emitter<VigilEvent, number>
  private readonly remoteObservers: Emitter<VigilEvent, number>
  /**
   * Every event, after the subscribers, for observers outside the engine (tests, tools):
   * synchronously, on the hot path, so listeners must be cheap.
   */
  readonly onDidReceiveEvent: Emitter<VigilEvent, number>['event']
  /** Every event another cluster host ingested (`ingestRemote`), for observers likewise. */
  readonly onDidReceiveRemoteEvent: Emitter<VigilEvent, number>['event']

  constructor(
    private readonly recent: RecentEvents,
    private readonly batcher: EventBatcher,
    private readonly subscribers: EventSubscribers,
    private readonly logger: Logger,
    firstEventId = 1,
  ) {
    this.nextEventId = firstEventId
    this.observers = new Emitter(logger)
    this.onDidReceiveEvent = this.observers.event
    this.remoteObservers = new Emitter(logger)
    this.onDidReceiveRemoteEvent = this.remoteObservers.event
  }

  /**
   * One event, numbered, to every subscriber in turn. The catalogue, history and triggers are each
   * guarded: a subscriber that fails on an event is logged and the others still get it.
   */
  ingest(
    sourceId: string,
    type: string,
    payload: unknown,
    receivedAt: number,
    bytes: number,
    text?: string,
    place?: PayloadPlace,
  ): void {
    const recent = this.recent.of(sourceId)
    if (recent === undefined || this.disposed) return
    const event: VigilEvent = { id: this.nextEventId++, sourceId, type, receivedAt, payload }
    // 1 to 4: kept, shown, catalogued and stored.
    const kept = this.keep(recent, event, bytes, text, place)
    // 5. Triggers: evaluated with the rest of this socket read, in a microtask.
    try {
      this.subscribers.triggers?.accept(event, bytes, kept)
    } catch (error) {
      this.failed('the trigger engine', error)
    }
    // 6. The other hosts of the cluster, if this host is in one (the source's holder publishes).
    try {
      this.subscribers.cluster?.publish(event)
    } catch (error) {
      this.failed('the cluster', error)
    }
    // 7. Observers outside the engine (tests, tools), if any.
    if (this.observers.hasListeners) this.observers.fire(event, bytes)
  }

  /**
   * An event another cluster host's holder ingested: numbered here and kept, shown and stored
   * like any (steps 1 to 4), but neither evaluated (triggers run on the holder only) nor
   * published again.
   */
  ingestRemote(
    sourceId: string,
    type: string,
    payload: unknown,
    receivedAt: number,
    bytes: number,
  ): void {
    const recent = this.recent.of(sourceId)
    if (recent === undefined || this.disposed) return
    const event: VigilEvent = { id: this.nextEventId++, sourceId, type, receivedAt, payload }
    this.keep(recent, event, bytes)
    if (this.remoteObservers.hasListeners) this.remoteObservers.fire(event, bytes)
  }

  /**
   * Steps 1 to 4 of `ingest`, shared with `ingestRemote`: the event kept, batched for the
   * renderer, catalogued and stored. The catalogue and history are each guarded, so one failing
   * still leaves the event to the others. Answers the event as the recent-events ring kept it.
   */
  private keep(
    recent: SourceRecent,
    event: VigilEvent,
    bytes: number,
    text?: string,
    place?: PayloadPlace,
  ): KeptEvent {
    const { catalogue, history } = this.subscribers
    // 1. The source's recent events: the live view, the REST API and backtests read them.
    const kept = recent.keep(event, bytes, text, place)
    // 2. The renderer's next batch (at most 20 a second).
    this.batcher.add(event, bytes)
    // 3. The field catalogue (sampled).
    try {
      catalogue?.observe(event)
    } catch (error) {
      this.failed('the field catalogue', error)
    }
    // 4. History: an append of the event and its frame's text; the SQLite thread serialises and
    //    writes it in the next batch.
    try {
      history?.record(event, bytes, text, place)
    } catch (error) {
      this.failed('history', error)
    }
    return kept
  }

  /** A frame as received: recordings take it while any is running. */
  frame(sourceId: string, data: Buffer, binary: boolean, receivedAt: number): void {
    const recorder = this.subscribers.recorder
    if (recorder?.recording) recorder.frame({ sourceId, data, binary, receivedAt })
  }

  dispose(): void {
    this.disposed = true
    this.observers.dispose()
    this.remoteObservers.dispose()
  }

  private failed(subscriber: string, error: unknown): void {
    try {
      this.logger.error(`${subscriber} failed on an event: ${errorText(error)}`)
    } catch {
      // A logger that throws has nowhere left to report to; the event goes on.
    }
  }
}
