/**
 * Reads a stream through this node's own durable consumer, for as long as the node runs. The
 * server remembers how far the consumer got (its acknowledgement floor), so a node that was
 * stopped, killed or cut off resumes where it left off and catches up on everything the stream
 * still holds; a consumer unused for longer than the stream keeps messages is removed by the
 * server (`inactive_threshold`), and the node then starts afresh from `startTime` (or from new
 * messages).
 *
 * Acknowledgements are cumulative (`AckPolicy.All`) and sent every {@link ACK_EVERY} messages or
 * {@link ACK_AFTER_MS} ms: one per batch instead of one per message. Delivery is at least once:
 * what was handled but not yet acknowledged when the node died comes again, which the readers
 * above this one expect (they drop what they have seen).
 */

import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type ConsumerMessages,
} from '@nats-io/jetstream'
import { nanos } from '@nats-io/transport-node'
import { errorText } from '../../../shared/utils/error-text'
import type { Clock, TimerHandle } from '../util/clock'
import type { Logger } from '../util/logger'

export const ACK_EVERY = 200
export const ACK_AFTER_MS = 100
/**
 * Messages one pull asks for (the client pulls again when three quarters have come). A message of
 * events carries a batch (event-batcher.ts: at most 256 Ki characters, tens of KiB at a flood),
 * so this is a few MiB per pull. Counted in messages, not bytes: with `max_bytes` the client
 * stalls until two heartbeats are missed whenever the next message does not fit what is left of
 * a pull (nats.js's consume, a 409 "Message Size Exceeds MaxBytes").
 */
export const PULL_MESSAGES = 100
const RESTART_MS = 1_000

export interface StreamReaderOptions {
  stream: string
  durable: string
  /** Where a new consumer starts (epoch ms); default: only messages published from now on. */
  startTime?: number
  /** The server removes the consumer after this long unused (the stream's retention). */
  inactiveMs: number
  clock: Clock
  logger: Logger
  isConnected: () => boolean
  /** Handles one message; what it throws is logged and the message counts as handled. */
  onMessage: (message: JsMsg) => void
}

export class StreamReader {
  private stopped = false
  private wake: () => void = () => {}
  private messages: ConsumerMessages | null = null
  private lastUnacked: JsMsg | null = null
  private unacked = 0
  private ackTimer: TimerHandle | undefined
  private running: Promise<void> = Promise.resolve()

  constructor(private readonly options: StreamReaderOptions) {}

  /**
   * Makes sure the consumer exists (so everything published from now on reaches this node), then
   * reads in the background.
   */
  async start(js: JetStreamClient, jsm: JetStreamManager): Promise<void> {
    await this.ensureConsumer(jsm)
    this.running = this.loop(js, jsm)
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.ack()
    this.messages?.stop()
    this.wake()
    await this.running
  }

  private async loop(js: JetStreamClient, jsm: JetStreamManager): Promise<void> {
    while (!this.stopped) {
      try {
        await this.ensureConsumer(jsm)
        const consumer = await js.consumers.get(this.options.stream, this.options.durable)
        const messages = await consumer.consume({ max_messages: PULL_MESSAGES })
        this.messages = messages
        // stop() came while the consumer was being set up: it could not stop this one.
        if (this.stopped) messages.stop()
        void this.watchHeartbeats(messages)
        for await (const message of messages) {
          this.handle(message)
          if (this.stopped) break
        }
      } catch (error) {
        if (!this.stopped && this.options.isConnected())
          this.options.logger.warn(
            `cluster: reading ${this.options.stream} failed (${errorText(error)}); restarting`,
          )
      }
      this.ack()
      if (!this.stopped) await this.pause()
    }
  }

  private handle(message: JsMsg): void {
    try {
      this.options.onMessage(message)
    } catch (error) {
      this.options.logger.error(
        `cluster: a message of ${this.options.stream} could not be handled: ${errorText(error)}`,
      )
    }
    this.lastUnacked = message
    if (++this.unacked >= ACK_EVERY) this.ack()
    else if (this.ackTimer === undefined)
      this.ackTimer = this.options.clock.setTimeout(() => this.ack(), ACK_AFTER_MS)
  }

  /** Acknowledges everything handled so far (cumulative). */
  private ack(): void {
    this.options.clock.clearTimeout(this.ackTimer)
    this.ackTimer = undefined
    this.lastUnacked?.ack()
    this.lastUnacked = null
    this.unacked = 0
  }

  /** A consumer that stops hearing the server's heartbeats is started again. */
  private async watchHeartbeats(messages: ConsumerMessages): Promise<void> {
    for await (const status of messages.status()) {
      if (status.type === 'heartbeats_missed' && status.count >= 2) messages.stop()
      if (status.type === 'consumer_deleted') messages.stop()
    }
  }

  private async ensureConsumer(jsm: JetStreamManager): Promise<void> {
    const { stream, durable, startTime, inactiveMs } = this.options
    try {
      await jsm.consumers.info(stream, durable)
      return
    } catch {
      // Not there (first run, or removed after a long absence): create it below.
    }
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.All,
      ack_wait: nanos(30_000),
      max_ack_pending: 20_000,
      inactive_threshold: nanos(inactiveMs),
      ...(startTime !== undefined
        ? {
            deliver_policy: DeliverPolicy.StartTime,
            opt_start_time: new Date(startTime).toISOString(),
          }
        : { deliver_policy: DeliverPolicy.New }),
    })
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.options.clock.setTimeout(resolve, RESTART_MS)
      this.wake = () => {
        this.options.clock.clearTimeout(timer)
        resolve()
      }
    })
  }
}
