/**
 * Proves a connection is alive: a websocket ping every interval, and optionally an application
 * ping (a message the service answers, such as NeuroIO's PING/PONG). An answer that does not come
 * within the timeout means the peer is gone or stuck while the TCP socket still looks open (a
 * half-open connection); the owner then terminates the socket rather than closing it, since a
 * close handshake would wait on the same dead peer.
 *
 * While the owner has stopped reading the socket (backpressure), no answer can be read, so none
 * is awaited: pings still go out (a server may count a silent client as gone), and on resuming
 * the watch starts afresh, with a whole timeout for the next answer.
 */

import type { Clock, TimerHandle } from '../util/clock'
import type { KeepalivePlan } from './connection-settings'

export interface KeepaliveTarget {
  ping(): void
  sendText(text: string): void
}

export class Keepalive {
  private pingTimer: TimerHandle | undefined
  private pongTimer: TimerHandle | undefined
  private appTimer: TimerHandle | undefined
  private replyTimer: TimerHandle | undefined
  private running = false
  private paused = false

  constructor(
    private plan: KeepalivePlan,
    private readonly clock: Clock,
    private readonly target: KeepaliveTarget,
    /** Called once when an answer is overdue; the keepalive has stopped by then. */
    private readonly onDead: (message: string) => void,
  ) {}

  start(): void {
    this.stop()
    this.running = true
    if (this.plan.pingIntervalMs > 0) this.schedulePing()
    if (this.plan.app) this.scheduleAppPing(this.plan.app.intervalMs)
  }

  /** New timings on the same connection (a live settings change). */
  retime(plan: KeepalivePlan): void {
    this.plan = plan
    if (this.running) this.start()
  }

  /** The socket is not being read: answers cannot arrive, so none is awaited until `resume`. */
  pause(): void {
    this.paused = true
    this.clock.clearTimeout(this.pongTimer)
    this.clock.clearTimeout(this.replyTimer)
    this.pongTimer = this.replyTimer = undefined
  }

  /** Reading again: the watch starts afresh, as on a new connection. */
  resume(): void {
    if (!this.paused) return
    this.paused = false
    if (this.running) this.start()
  }

  stop(): void {
    this.running = false
    for (const timer of [this.pingTimer, this.pongTimer, this.appTimer, this.replyTimer])
      this.clock.clearTimeout(timer)
    this.pingTimer = this.pongTimer = this.appTimer = this.replyTimer = undefined
  }

  /** A websocket pong arrived. */
  pong(): void {
    this.clock.clearTimeout(this.pongTimer)
    this.pongTimer = undefined
  }

  /**
   * A frame arrived: the peer is alive. Its pong queues behind whatever the server still has to
   * send, so after a pause (or on a slow reader) it comes long after the data before it; the data
   * is the answer. The application ping still waits for its own reply.
   */
  heard(): void {
    if (this.pongTimer === undefined) return
    this.clock.clearTimeout(this.pongTimer)
    this.pongTimer = undefined
  }

  /** Whether `frame` is the application ping's reply; such a frame is consumed here. */
  reply(frame: unknown): boolean {
    const isReply = this.plan.app?.isReply
    if (!isReply || !isReply(frame)) return false
    this.clock.clearTimeout(this.replyTimer)
    this.replyTimer = undefined
    return true
  }

  private schedulePing(): void {
    this.pingTimer = this.clock.setTimeout(() => {
      if (!this.running) return
      if (this.paused) this.target.ping()
      // One outstanding ping at a time: its timer, not a newer ping, decides.
      else if (this.pongTimer === undefined) {
        this.pongTimer = this.clock.setTimeout(
          () =>
            this.dead(
              `no answer to a ping within ${seconds(this.plan.pongTimeoutMs)} (the connection is half-open)`,
            ),
          this.plan.pongTimeoutMs,
        )
        this.target.ping()
      }
      this.schedulePing()
    }, this.plan.pingIntervalMs)
  }

  private scheduleAppPing(intervalMs: number): void {
    this.appTimer = this.clock.setTimeout(() => {
      const app = this.plan.app
      if (!this.running || !app) return
      if (app.isReply && this.replyTimer === undefined && !this.paused) {
        this.replyTimer = this.clock.setTimeout(
          () =>
            this.dead(
              `no reply to the application ping within ${seconds(this.plan.pongTimeoutMs)} (the service stopped answering)`,
            ),
          this.plan.pongTimeoutMs,
        )
      }
      this.target.sendText(app.text)
      this.scheduleAppPing(app.intervalMs)
    }, intervalMs)
  }

  private dead(message: string): void {
    if (!this.running) return
    this.stop()
    this.onDead(message)
  }
}

export function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`
}
