/**
 * The events other hosts' holders publish, as this node receives them: every message of the
 * events stream, read through this node's durable consumer (so it catches up after an absence),
 * fenced and de-duplicated (event-fence.ts), and handed on once. The node's own events are
 * skipped: it stored and evaluated them when it ingested them.
 */

import type { JsMsg } from '@nats-io/jetstream'
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

  /** One message of the events stream, in stream order. */
  readonly accept = (message: JsMsg): void => {
    // `vigil.events.<source>` is a lease marker, `vigil.events.<source>.<type>` an event.
    const isMarker = message.subject.split('.').length === 3
    const envelope = readEnvelope(message.headers, message.string(), isMarker)
    if (!envelope) {
      this.counters.malformed++
      return
    }
    if (envelope.kind === 'marker') {
      this.fence.marker(envelope.sourceId, envelope.epoch)
      return
    }
    const verdict = this.fence.judge(
      envelope.event.sourceId,
      envelope.epoch,
      envelope.seq,
      envelope.inLease,
    )
    if (verdict === 'fenced') this.counters.fenced++
    else if (verdict === 'duplicate') this.counters.duplicates++
    else if (envelope.node !== this.self)
      this.received.fire({ ...envelope.event, origin: envelope.node })
  }

  dispose(): void {
    this.received.dispose()
  }
}
