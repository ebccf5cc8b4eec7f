/**
 * The events other hosts' holders publish, as this node receives them: every message of the
 * events stream, read through this node's durable consumer (so it catches up after an absence),
 * fenced and de-duplicated (event-fence.ts), and handed on once. The node's own events are
 * skipped: it stored and evaluated them when it ingested them.
 */

import type { JsMsg } from '@nats-io/jetstream'
import type { MsgHdrs } from '@nats-io/transport-node'
import { Emitter } from '../../../shared/utils/emitter'
import type { Logger } from '../util/logger'
import type { RemoteEvent } from './cluster-port'
import { EventFence } from './event-fence'
import { readEnvelope } from './event-envelope'

export interface EventFeedCounters {
  fenced: number
  duplicates: number
  malformed: number
}

export class EventFeed {
  private readonly fence = new EventFence()
  private readonly counters: EventFeedCounters = { fenced: 0, duplicates: 0, malformed: 0 }
  private readonly received: Emitter<RemoteEvent>
  readonly onDidReceive

  constructor(
    private readonly self: string,
    logger: Logger,
  ) {
    this.received = new Emitter<RemoteEvent>(logger)
    this.onDidReceive = this.received.event
  }

  stats(): EventFeedCounters {
    return { ...this.counters }
  }

  /**
   * One message of the events stream, in stream order. A batch is split here: each of its events
   * is fenced and de-duplicated by its own number, exactly as a message of one event is.
   */
  readonly accept = (message: JsMsg): void =>
    this.read(message.subject, message.headers, message.string())

  /** A message as `accept` reads it: its subject, headers and body. */
  read(subject: string, headers: MsgHdrs | undefined, body: string): void {
    // `vigil.events.<source>` is a lease marker, `vigil.events.<source>.<type>` events.
    const isMarker = subject.split('.').length === 3
    const envelope = readEnvelope(headers, body, isMarker)
    if (!envelope) {
      this.counters.malformed++
      return
    }
    if (envelope.kind === 'marker') {
      this.fence.marker(envelope.sourceId, envelope.epoch)
      return
    }
    const { node, epoch, seq, inLease } = envelope
    if (envelope.kind === 'event') {
      const { sourceId, type, receivedAt, payload } = envelope.event
      const bytes = body.length
      this.judge({ sourceId, type, receivedAt, payload, origin: node, bytes }, epoch, seq, inLease)
      return
    }
    const { sourceId, type, events } = envelope
    // Each event weighs its share of the message: the total is exact, and no payload is
    // serialised again to weigh it.
    const bytes = Math.ceil(body.length / events.length)
    for (let i = 0; i < events.length; i++) {
      const [receivedAt, payload] = events[i]!
      this.judge(
        { sourceId, type, receivedAt, payload, origin: node, bytes },
        epoch,
        seq + i,
        inLease,
      )
    }
  }

  private judge(event: RemoteEvent, epoch: number, seq: number, inLease: boolean): void {
    const verdict = this.fence.judge(event.sourceId, epoch, seq, inLease)
    if (verdict === 'fenced') this.counters.fenced++
    else if (verdict === 'duplicate') this.counters.duplicates++
    else if (event.origin !== this.self) this.received.fire(event)
  }

  dispose(): void {
    this.received.dispose()
  }
}
