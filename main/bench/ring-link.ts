/**
 * The main thread's side of the second-thread prototype over a SharedArrayBuffer ring
 * (worker-split.ts `--transport ring`, bench only): an `EventRecorder` in the flow's history slot
 * that writes each event's frame text and header straight into the ring (event-ring.ts) and
 * publishes once per socket read (in a microtask, as the trigger engine evaluates a read), which
 * wakes the trigger-worker.ts thread once.
 *
 * Backpressure: past `holdAt` of the ring's bytes (3/4 by default) it holds the sources back (the
 * Monitor's `holdReading`, as history does) and waits, with `Atomics.waitAsync`, for the worker to
 * bring the ring under `releaseAt` (1/2). An event that finds the ring full waits in a queue here
 * (bounded by what the sources had read before the hold took effect) and goes first once there is
 * room: nothing is dropped. Events the ring refuses for good (over half its size, a name past the
 * limit) are counted and shown.
 */

import type { Worker } from 'node:worker_threads'
import type { VigilEvent } from '../../shared/domain'
import type { PayloadPlace } from '../services/presets/preset'
import { copyBody, createRingMemory, RingWriter, type RingEvent } from './event-ring'
import { BinaryFieldsEncoder } from './payload-binary'
import { encodeFields } from './payload-fields'
import {
  HOLDER,
  TriggerThread,
  type LinkStats,
  type Reading,
  type ThreadHandle,
  type ThreadLink,
} from './thread-link'
import { SHARED } from './trigger-protocol'

export interface RingLinkOptions {
  /** The ring's size in bytes. */
  bytes: number
  /** Shares of the ring: hold the sources back past `holdAt`, read again at `releaseAt`. */
  holdAt?: number
  releaseAt?: number
  /** Send only these payload members (payload-fields.ts), not the frames' texts. */
  fields?: string[]
  /** With `fields`: send them in payload-binary.ts's layout rather than as text. */
  binary?: boolean
  /** The thread that reads the ring: trigger-worker.ts unless a test stands in for it. */
  thread?: (memory: SharedArrayBuffer) => ThreadHandle
}

export class RingLink implements ThreadLink {
  private readonly thread: ThreadHandle
  private readonly writer: RingWriter
  private readonly holdBytes: number
  private readonly releaseBytes: number
  /** Reused for every write; copied only when it has to wait in `overflow`. */
  private readonly next: RingEvent = {
    id: 0,
    receivedAt: 0,
    bytes: 0,
    sourceId: '',
    type: '',
    place: null,
    text: '',
  }
  private overflow: RingEvent[] = []
  private flushScheduled = false
  private readonly flushNow = () => this.flush()
  private sent = 0
  private publishes = 0
  private serialised = 0
  private peakEvents = 0
  private peakBytes = 0
  private held = false
  private heldSince = 0
  private heldMs = 0
  private closing = false
  private readonly fields: string[] | undefined
  private readonly binary: BinaryFieldsEncoder | undefined

  constructor(
    options: RingLinkOptions,
    private readonly reading: Reading,
    sourceId: string,
    triggers: number,
  ) {
    const memory = createRingMemory(options.bytes)
    this.writer = new RingWriter(memory)
    this.holdBytes = this.writer.capacity * (options.holdAt ?? 3 / 4)
    this.releaseBytes = this.writer.capacity * (options.releaseAt ?? 1 / 2)
    this.fields = options.fields
    this.binary =
      options.fields && options.binary ? new BinaryFieldsEncoder(options.fields) : undefined
    this.thread = options.thread
      ? options.thread(memory)
      : new TriggerThread(sourceId, triggers, memory, options.fields, this.binary !== undefined)
  }

  get worker(): Worker {
    return this.thread.worker
  }

  record(event: VigilEvent, bytes: number, text?: string, place?: PayloadPlace): void {
    const next = this.next
    if (this.binary) {
      next.body = this.binary.prepare(event.payload)
      next.text = ''
      next.place = null
    } else if (this.fields) {
      next.text = encodeFields(event.payload, this.fields)
      next.place = null
    } else if (text === undefined || place === undefined) {
      next.text = JSON.stringify(event.payload)
      next.place = null
      this.serialised++
    } else {
      next.text = text
      next.place = place
    }
    next.id = event.id
    next.receivedAt = event.receivedAt
    next.bytes = bytes
    next.sourceId = event.sourceId
    next.type = event.type
    if (this.overflow.length > 0) this.overflow.push(waiting(next))
    else {
      const outcome = this.writer.tryWrite(next)
      if (outcome === 'written') this.sent++
      else if (outcome === 'full') this.overflow.push(waiting(next))
      // A refusal is counted by the writer and shown in `stats().refused`.
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true
      queueMicrotask(this.flushNow)
    }
  }

  /** Publishes what was written; holds the sources back if the ring is filling up. */
  flush(): void {
    this.flushScheduled = false
    this.writer.publish()
    this.publishes++
    const used = this.writer.usedBytes()
    const events = this.sent - this.thread.read(SHARED.evaluated) + this.overflow.length
    if (events > this.peakEvents) this.peakEvents = events
    if (used > this.peakBytes) this.peakBytes = used
    if (!this.held && (used > this.holdBytes || this.overflow.length > 0)) void this.holdUntilRoom()
  }

  stats(): LinkStats {
    const { tooLarge, tooManyNames } = this.writer.refused
    return {
      ...this.thread.counted(),
      sent: this.sent,
      serialised: this.serialised,
      refused: tooLarge + tooManyNames,
      batches: this.publishes,
      peakEvents: this.peakEvents,
      peakChars: this.peakBytes,
      heldMs: this.heldMs + (this.held ? performance.now() - this.heldSince : 0),
    }
  }

  resetPeaks(): void {
    this.peakEvents = this.sent - this.thread.counted().evaluated + this.overflow.length
    this.peakBytes = this.writer.usedBytes()
  }

  async close(): Promise<void> {
    this.flush()
    this.closing = true
    this.writer.close()
    await this.thread.stop()
  }

  /** Holds the sources back until the worker has brought the ring under `releaseBytes`. */
  private async holdUntilRoom(): Promise<void> {
    this.held = true
    this.heldSince = performance.now()
    this.reading.holdReading(HOLDER)
    try {
      while (!this.closing) {
        await this.writer.waitUntilAtMost(this.releaseBytes, () => this.closing)
        this.writeOverflow()
        this.writer.publish()
        if (this.overflow.length === 0 && this.writer.usedBytes() <= this.releaseBytes) break
      }
    } finally {
      this.held = false
      this.heldMs += performance.now() - this.heldSince
      this.reading.releaseReading(HOLDER)
    }
  }

  /** Writes the events that found the ring full, in order, as far as there is room. */
  private writeOverflow(): void {
    let i = 0
    for (; i < this.overflow.length; i++) {
      const outcome = this.writer.tryWrite(this.overflow[i]!)
      if (outcome === 'full') break
      if (outcome === 'written') this.sent++
    }
    this.overflow = i === this.overflow.length ? [] : this.overflow.slice(i)
  }
}

/** A copy of the reused event that may wait: its body (the reused encoder) copied too. */
function waiting(event: RingEvent): RingEvent {
  return event.body ? { ...event, body: copyBody(event.body) } : { ...event }
}
