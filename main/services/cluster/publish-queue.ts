/**
 * Everything this node publishes to the streams (events, lease markers, notifications), in order,
 * and the buffer that holds it while NATS is away.
 *
 * - **Bounded in bytes.** Past `maxBytes` the oldest waiting messages are dropped, and counted
 *   (messages, the events they carried, and bytes): a host alone for long keeps its newest events
 *   for the others, and its own history keeps everything regardless.
 * - **Holding back rather than dropping.** While NATS is connected, a queue over `holdBytes`
 *   asks for its sources to be held back (`onDidChangeHold`, the backpressure history uses too),
 *   until it is down to half of that: a holder faster than NATS slows down instead of dropping.
 *   While NATS is away, or refuses what it is sent, nothing is held back: the host works alone,
 *   and the bound above applies.
 * - **Same ids on replay.** Each message carries its `Nats-Msg-Id` from the moment it is queued;
 *   a retry after a failure or an outage sends the same id, so the server stores it once (within
 *   the stream's duplicate window) and readers drop any copy that still gets through
 *   (event-fence.ts).
 * - **Fast in order.** Messages go out in chunks: all but the last as plain NATS publishes (no
 *   round trip each), the last as a JetStream publish whose acknowledgement confirms the whole
 *   chunk, since the server stores one connection's messages to a stream in the order they came.
 *   Up to {@link IN_FLIGHT} chunks await their acknowledgement at once. If one does not come, it
 *   and every chunk after it are sent again, in order.
 * - **Reordered no further than readers take.** A chunk lost with the connection may be sent
 *   again after later ones were stored (they were still in the client's buffer), so readers see
 *   those later events first. A reader keeps up to `MAX_EARLY` numbers that came early
 *   (seq-set.ts) before giving up on a gap; so that a resent chunk is never taken for a
 *   duplicate, at most {@link MAX_EVENTS_IN_FLIGHT} events are sent and unconfirmed at once.
 */

import type { JetStreamClient } from '@nats-io/jetstream'
import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node'
import { Emitter } from '../../../shared/utils/emitter'
import { errorText } from '../../../shared/utils/error-text'
import type { Clock, TimerHandle } from '../util/clock'
import type { Logger } from '../util/logger'
import { MAX_EARLY } from './seq-set'

export interface OutgoingMessage {
  subject: string
  data: Uint8Array
  /** Carries `Nats-Msg-Id` (set by the caller) and Vigil's own headers. */
  headers: MsgHdrs
  /** How many events it carries (a batch carries many; a marker or a notification none). */
  events?: number
}

export interface PublishQueueOptions {
  /** The outage buffer's bound. */
  maxBytes: number
  /** While connected, sources are held back above this (default: a quarter of `maxBytes`). */
  holdBytes?: number
  clock: Clock
  logger: Logger
  /** Largest chunk confirmed by one acknowledgement. */
  chunkMessages?: number
  chunkBytes?: number
  /** Events sent and not yet confirmed, at most (default {@link MAX_EVENTS_IN_FLIGHT}). */
  maxEventsInFlight?: number
  ackTimeoutMs?: number
}

export interface PublishQueueStats {
  buffered: { messages: number; bytes: number }
  dropped: { messages: number; bytes: number }
  oversized: number
}

/** What a message costs in the buffer: its data plus a generous allowance for its headers. */
const HEADER_ALLOWANCE = 256
const RETRY_MS = [250, 500, 1_000, 2_000, 5_000]
/** The server's default `max_payload`, assumed until the server says otherwise. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024
/** Chunks awaiting their acknowledgement at once. */
export const IN_FLIGHT = 4
/** Events sent and not yet confirmed, at most: half of what a reader takes out of order. */
export const MAX_EVENTS_IN_FLIGHT = MAX_EARLY / 2

interface Queued {
  message: OutgoingMessage
  bytes: number
}

export class PublishQueue {
  private waiting: Queued[] = []
  private head = 0
  /** Sent, in order, awaiting acknowledgement. */
  private inFlight: { chunk: Queued[]; events: number; confirmed: Promise<boolean> }[] = []
  private eventsSent = 0
  private bytes = 0
  private up = false
  private nc: NatsConnection | null = null
  private js: JetStreamClient | null = null
  private failures = 0
  private retry: TimerHandle | undefined
  private pumping = false
  private readonly dropped = { messages: 0, bytes: 0 }
  private droppedEvents = 0
  private oversized = 0
  private drained: (() => void)[] = []
  private holding = false
  private readonly holdChanged: Emitter<boolean>
  /** True: hold the sources back (connected, and over `holdBytes`); false: let them go. */
  readonly onDidChangeHold: Emitter<boolean>['event']

  constructor(private readonly options: PublishQueueOptions) {
    this.holdChanged = new Emitter<boolean>(options.logger)
    this.onDidChangeHold = this.holdChanged.event
  }

  attach(nc: NatsConnection, js: JetStreamClient): void {
    this.nc = nc
    this.js = js
    this.setConnected(!nc.isClosed())
  }

  setConnected(up: boolean): void {
    this.up = up
    this.checkHold()
    if (up) void this.pump()
  }

  /** Queues a message; false if it can never be sent (larger than the server accepts). */
  enqueue(message: OutgoingMessage): boolean {
    const size = message.data.byteLength + HEADER_ALLOWANCE
    if (size > this.maxPayload()) {
      this.oversized++
      return false
    }
    while (this.bytes + size > this.options.maxBytes && this.head < this.waiting.length) {
      const oldest = this.waiting[this.head]!
      this.waiting[this.head++] = undefined as unknown as Queued
      this.bytes -= oldest.bytes
      this.countDrop(oldest)
    }
    const queued = { message, bytes: size }
    if (this.bytes + size > this.options.maxBytes) {
      this.countDrop(queued)
      return true
    }
    this.waiting.push(queued)
    this.bytes += size
    this.checkHold()
    void this.pump()
    return true
  }

  stats(): PublishQueueStats {
    return {
      buffered: {
        messages:
          this.waiting.length -
          this.head +
          this.inFlight.reduce((sum, sent) => sum + sent.chunk.length, 0),
        bytes: this.bytes,
      },
      dropped: { ...this.dropped },
      oversized: this.oversized,
    }
  }

  /** Events sent and not yet confirmed. */
  eventsInFlight(): number {
    return this.eventsSent
  }

  /** Events in the messages dropped so far (a batch carries many). */
  eventsDropped(): number {
    return this.droppedEvents
  }

  /** Resolves when everything queued so far is confirmed, or after `timeoutMs`. */
  flush(timeoutMs: number): Promise<boolean> {
    if (this.isEmpty()) return Promise.resolve(true)
    return new Promise((resolve) => {
      const timer = this.options.clock.setTimeout(() => resolve(this.isEmpty()), timeoutMs)
      this.drained.push(() => {
        this.options.clock.clearTimeout(timer)
        resolve(true)
      })
    })
  }

  detach(): void {
    this.options.clock.clearTimeout(this.retry)
    this.up = false
    this.nc = null
    this.js = null
    this.checkHold()
  }

  dispose(): void {
    this.holdChanged.dispose()
  }

  private isEmpty(): boolean {
    return this.inFlight.length === 0 && this.head === this.waiting.length
  }

  private async pump(): Promise<void> {
    if (this.pumping) return
    this.pumping = true
    try {
      while (this.up && this.nc && this.js) {
        while (this.inFlight.length < IN_FLIGHT && this.head < this.waiting.length) {
          const { chunk, events } = this.takeChunk()
          if (chunk.length === 0) break
          this.eventsSent += events
          this.inFlight.push({ chunk, events, confirmed: this.send(this.nc, this.js, chunk) })
        }
        const oldest = this.inFlight[0]
        if (!oldest) break
        if (!(await oldest.confirmed)) {
          // Later chunks may still be confirmed; they go again anyway (same ids: a no-op).
          await Promise.all(this.inFlight.map((sent) => sent.confirmed))
          this.putBack()
          this.scheduleRetry()
          return
        }
        this.inFlight.shift()
        this.eventsSent -= oldest.events
        this.failures = 0
        for (const item of oldest.chunk) this.bytes -= item.bytes
        this.checkHold()
      }
      if (this.isEmpty()) for (const done of this.drained.splice(0)) done()
    } finally {
      this.pumping = false
    }
  }

  /**
   * Holds back while connected and behind, and publishing works: if the server refuses what it is
   * sent (its stream full or gone), waiting would stop the sources for good, so the buffer's bound
   * applies instead, as while NATS is away.
   */
  private checkHold(): void {
    const holdBytes = this.options.holdBytes ?? this.options.maxBytes / 4
    const working = this.up && this.failures === 0
    const hold = working && this.bytes > (this.holding ? holdBytes / 2 : holdBytes)
    if (hold === this.holding) return
    this.holding = hold
    this.holdChanged.fire(hold)
  }

  /** The next chunk, within the bounds above; empty while the events in flight are at theirs. */
  private takeChunk(): { chunk: Queued[]; events: number } {
    const maxMessages = this.options.chunkMessages ?? 512
    const maxBytes = this.options.chunkBytes ?? 512 * 1024
    const room = (this.options.maxEventsInFlight ?? MAX_EVENTS_IN_FLIGHT) - this.eventsSent
    const chunk: Queued[] = []
    let bytes = 0
    let events = 0
    while (this.head < this.waiting.length && chunk.length < maxMessages) {
      const next = this.waiting[this.head]!
      const carries = next.message.events ?? 0
      if (chunk.length > 0 && bytes + next.bytes > maxBytes) break
      // Nothing in flight: a message goes whatever it carries, or nothing would ever go.
      if (events + carries > room && (chunk.length > 0 || this.eventsSent > 0)) break
      chunk.push(next)
      bytes += next.bytes
      events += carries
      this.waiting[this.head++] = undefined as unknown as Queued
    }
    // Compact now and then, so a long-lived queue does not keep a long array of holes.
    if (this.head > 4_096 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head)
      this.head = 0
    }
    return { chunk, events }
  }

  private async send(nc: NatsConnection, js: JetStreamClient, chunk: Queued[]): Promise<boolean> {
    try {
      for (let i = 0; i < chunk.length - 1; i++) {
        const { subject, data, headers } = chunk[i]!.message
        nc.publish(subject, data, { headers })
      }
      const { subject, data, headers } = chunk[chunk.length - 1]!.message
      await js.publish(subject, data, { headers, timeout: this.options.ackTimeoutMs ?? 5_000 })
      return true
    } catch (error) {
      if (this.up)
        this.options.logger.warn(
          `cluster: publishing ${chunk.length} message(s) failed (${errorText(error)}); retrying`,
        )
      return false
    }
  }

  /** Unconfirmed chunks go back to the front, to be sent again in order with the same ids. */
  private putBack(): void {
    const unconfirmed = this.inFlight.flatMap((sent) => sent.chunk)
    this.waiting = [...unconfirmed, ...this.waiting.slice(this.head)]
    this.head = 0
    this.inFlight = []
    this.eventsSent = 0
  }

  private scheduleRetry(): void {
    const wait = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]!
    this.checkHold()
    this.options.clock.clearTimeout(this.retry)
    this.retry = this.options.clock.setTimeout(() => void this.pump(), wait)
  }

  private countDrop({ message, bytes }: Queued): void {
    this.dropped.messages++
    this.droppedEvents += message.events ?? 0
    this.dropped.bytes += bytes
  }

  private maxPayload(): number {
    return this.nc?.info?.max_payload ?? DEFAULT_MAX_PAYLOAD
  }
}
