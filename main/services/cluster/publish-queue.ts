/**
 * Everything this node publishes to the streams (events, lease markers, notifications), in order,
 * and the buffer that holds it while NATS is away.
 *
 * - **Bounded in bytes.** Past `maxBytes` the oldest waiting messages are dropped, and counted
 *   (messages and bytes): a host alone for long keeps its newest events for the others, and its
 *   own history keeps everything regardless.
 * - **Same ids on replay.** Each message carries its `Nats-Msg-Id` from the moment it is queued;
 *   a retry after a failure or an outage sends the same id, so the server stores it once (within
 *   the stream's duplicate window) and readers drop any copy that still gets through
 *   (event-fence.ts).
 * - **Fast in order.** Messages go out in chunks: all but the last as plain NATS publishes (no
 *   round trip each), the last as a JetStream publish whose acknowledgement confirms the whole
 *   chunk, since the server stores one connection's messages to a stream in the order they came.
 *   If that acknowledgement does not come, the whole chunk is sent again.
 */

import type { JetStreamClient } from '@nats-io/jetstream'
import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node'
import { errorText } from '../../../shared/utils/error-text'
import type { Clock, TimerHandle } from '../util/clock'
import type { Logger } from '../util/logger'

export interface OutgoingMessage {
  subject: string
  data: Uint8Array
  /** Carries `Nats-Msg-Id` (set by the caller) and Vigil's own headers. */
  headers: MsgHdrs
}

export interface PublishQueueOptions {
  /** The outage buffer's bound. */
  maxBytes: number
  clock: Clock
  logger: Logger
  /** Largest chunk confirmed by one acknowledgement. */
  chunkMessages?: number
  chunkBytes?: number
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

interface Queued {
  message: OutgoingMessage
  bytes: number
}

export class PublishQueue {
  private waiting: Queued[] = []
  private head = 0
  private sending: Queued[] = []
  private bytes = 0
  private up = false
  private nc: NatsConnection | null = null
  private js: JetStreamClient | null = null
  private failures = 0
  private retry: TimerHandle | undefined
  private pumping = false
  private readonly dropped = { messages: 0, bytes: 0 }
  private oversized = 0
  private drained: (() => void)[] = []

  constructor(private readonly options: PublishQueueOptions) {}

  attach(nc: NatsConnection, js: JetStreamClient): void {
    this.nc = nc
    this.js = js
    this.setConnected(!nc.isClosed())
  }

  setConnected(up: boolean): void {
    this.up = up
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
      this.countDrop(oldest.bytes)
    }
    if (this.bytes + size > this.options.maxBytes) {
      this.countDrop(size)
      return true
    }
    this.waiting.push({ message, bytes: size })
    this.bytes += size
    void this.pump()
    return true
  }

  stats(): PublishQueueStats {
    return {
      buffered: {
        messages: this.waiting.length - this.head + this.sending.length,
        bytes: this.bytes,
      },
      dropped: { ...this.dropped },
      oversized: this.oversized,
    }
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
  }

  private isEmpty(): boolean {
    return this.sending.length === 0 && this.head === this.waiting.length
  }

  private async pump(): Promise<void> {
    if (this.pumping) return
    this.pumping = true
    try {
      while (this.up && this.nc && this.js && this.head < this.waiting.length) {
        this.sending = this.takeChunk()
        const ok = await this.send(this.nc, this.js, this.sending)
        if (!ok) {
          this.putBack()
          this.scheduleRetry()
          return
        }
        this.failures = 0
        for (const item of this.sending) this.bytes -= item.bytes
        this.sending = []
      }
      if (this.isEmpty()) for (const done of this.drained.splice(0)) done()
    } finally {
      this.pumping = false
    }
  }

  private takeChunk(): Queued[] {
    const maxMessages = this.options.chunkMessages ?? 512
    const maxBytes = this.options.chunkBytes ?? 512 * 1024
    const chunk: Queued[] = []
    let bytes = 0
    while (this.head < this.waiting.length && chunk.length < maxMessages) {
      const next = this.waiting[this.head]!
      if (chunk.length > 0 && bytes + next.bytes > maxBytes) break
      chunk.push(next)
      bytes += next.bytes
      this.waiting[this.head++] = undefined as unknown as Queued
    }
    // Compact now and then, so a long-lived queue does not keep a long array of holes.
    if (this.head > 4_096 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head)
      this.head = 0
    }
    return chunk
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

  /** An unconfirmed chunk goes back to the front, to be sent again with the same ids. */
  private putBack(): void {
    this.waiting = [...this.sending, ...this.waiting.slice(this.head)]
    this.head = 0
    this.sending = []
  }

  private scheduleRetry(): void {
    const wait = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]!
    this.options.clock.clearTimeout(this.retry)
    this.retry = this.options.clock.setTimeout(() => void this.pump(), wait)
  }

  private countDrop(bytes: number): void {
    this.dropped.messages++
    this.dropped.bytes += bytes
  }

  private maxPayload(): number {
    return this.nc?.info?.max_payload ?? DEFAULT_MAX_PAYLOAD
  }
}
