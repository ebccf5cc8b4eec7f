/**
 * Gathers the events a holder publishes into batches: per source and type, for one turn of the
 * event loop (a socket read delivers hundreds of events at once), then one message each
 * (event-envelope.ts). A message costs a header set, a protocol line and a parse at every reader
 * whatever it carries, so a batch of 30 pays that once instead of 30 times.
 *
 * - **Numbers in a row.** Each source's events are numbered within its lease's epoch when their
 *   batch is made, so a batch's events are consecutive and its id (`<source>:<epoch>:<first>+
 *   <count>`) names exactly them: fixed from then on, a retry or a replay repeats it.
 * - **One stamp per batch.** A batch holds events of one epoch and one in-lease flag; an event
 *   with another stamp sends the batch so far first.
 * - **Bounded.** A batch goes out at {@link MAX_EVENTS} events or {@link MAX_CHARS} characters (less
 *   if the server's `max_payload` is small); an event that could never fit in a message is
 *   refused and counted (`oversized`), as the queue does for any message.
 * - **In order with the rest.** `flush()` sends what is pending at once: the node calls it before
 *   queueing anything else (a lease marker, a firing), so the stream keeps the order in which
 *   things happened.
 */

import type { ClusterEventDraft } from './cluster-port'
import { batchEntry, batchMessage, eventMessage, type EventStamp } from './event-envelope'
import type { OutgoingMessage } from './publish-queue'

export const MAX_EVENTS = 2_000
export const MAX_CHARS = 256 * 1024
/** Room in a message for its headers and the batch's own JSON around the events. */
const OVERHEAD = 4_096

export type BatchStamp = Omit<EventStamp, 'seq'>

export interface EventBatcherOptions {
  /** Each batch, numbered, as one message for the publish queue. */
  send: (message: OutgoingMessage) => void
  /** The server's `max_payload` (bytes). */
  maxPayload: () => number
  /** Runs `flush` after the current turn of the event loop (default `setImmediate`). */
  schedule?: (flush: () => void) => void
}

interface Pending {
  sourceId: string
  type: string
  stamp: BatchStamp
  /** The first event, sent as a single event if it stays alone. */
  first: ClusterEventDraft
  entries: string[]
  chars: number
}

export class EventBatcher {
  private readonly pending = new Map<string, Pending>()
  private readonly sequences = new Map<string, { epoch: number; seq: number }>()
  private scheduled = false
  private oversized = 0

  constructor(private readonly options: EventBatcherOptions) {}

  /** Adds an event to its batch; false if it is too large to ever be published. */
  add(event: ClusterEventDraft, stamp: BatchStamp): boolean {
    const entry = batchEntry(event)
    const limit = this.limitChars()
    // A character is at most 3 bytes of UTF-8: count the bytes only when that could matter.
    const over =
      entry.length > limit && Buffer.byteLength(entry) + OVERHEAD > this.options.maxPayload()
    if (over) {
      this.oversized++
      return false
    }
    const key = `${event.sourceId}\u0000${event.type}`
    let batch = this.pending.get(key)
    if (
      batch &&
      (batch.stamp.epoch !== stamp.epoch ||
        batch.stamp.inLease !== stamp.inLease ||
        batch.chars + entry.length > limit)
    ) {
      this.pending.delete(key)
      this.send(batch)
      batch = undefined
    }
    if (!batch) {
      batch = {
        sourceId: event.sourceId,
        type: event.type,
        stamp,
        first: event,
        entries: [],
        chars: 0,
      }
      this.pending.set(key, batch)
    }
    batch.entries.push(entry)
    batch.chars += entry.length + 1
    if (batch.entries.length >= MAX_EVENTS) {
      this.pending.delete(key)
      this.send(batch)
    } else if (!this.scheduled) {
      this.scheduled = true
      ;(this.options.schedule ?? setImmediate)(() => this.flush())
    }
    return true
  }

  /** Sends every pending batch now, in the order they were begun. */
  flush(): void {
    this.scheduled = false
    if (this.pending.size === 0) return
    const batches = [...this.pending.values()]
    this.pending.clear()
    for (const batch of batches) this.send(batch)
  }

  /** Batches begun and not sent yet. */
  pendingMessages(): number {
    return this.pending.size
  }

  oversizedCount(): number {
    return this.oversized
  }

  private send(batch: Pending): void {
    const { sourceId, type, stamp, entries } = batch
    let sequence = this.sequences.get(sourceId)
    if (!sequence || sequence.epoch !== stamp.epoch) {
      sequence = { epoch: stamp.epoch, seq: 0 }
      this.sequences.set(sourceId, sequence)
    }
    const seq = sequence.seq + 1
    sequence.seq += entries.length
    this.options.send(
      entries.length === 1
        ? eventMessage(batch.first, { ...stamp, seq })
        : batchMessage(sourceId, type, entries, { ...stamp, seq }),
    )
  }

  /** The most characters of events one batch holds. */
  private limitChars(): number {
    return Math.max(1, Math.min(MAX_CHARS, Math.floor((this.options.maxPayload() - OVERHEAD) / 3)))
  }
}
