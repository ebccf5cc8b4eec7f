/**
 * One connection attempt and, if it opens, the life of that socket: handshake timeout, refusals,
 * TLS checks, the login exchange, keepalive and frame parsing. It reports its lifecycle to its
 * listener (the session) and every frame to its frame listener (the session's reader), and ends
 * exactly once, with the first cause that explains the end; a connection its owner closes on
 * purpose (a user close, a replaced socket) ends silently: it reports nothing more at all.
 * Timers run on the injected clock.
 */

import type { IncomingMessage } from 'node:http'
import type WebSocket from 'ws'
import type { SourceErrorKind } from '../../../shared/domain'
import type { Clock, TimerHandle } from '../util/clock'
import { scrubSecrets } from './auth'
import type { ResolvedSettings } from './connection-settings'
import type { DialPlan } from './dial-plan'
import type { EndFacts } from '../presets'
import {
  FrameBatch,
  handlingFailedMessage,
  type BatchTarget,
  notJsonMessage,
  preview,
} from './frame-batch'
import { DEPTH_CHECK_BYTES, MAX_FRAME_DEPTH, nestsDeeperThan } from './frame-depth'
import { Keepalive, seconds } from './keepalive'
import { ReadTime } from './read-time'
import {
  closeCause,
  dialTarget,
  plainRefusal,
  plainSocketError,
  type Cause,
  type DialTarget,
  type SocketError,
} from './plain-errors'
import type { SocketFactory } from './socket-factory'

export type ConnectionPhase = 'connecting' | 'authenticating' | 'ready' | 'ended'

/** Why a connection ended, in plain words with the raw text as `detail` (see plain-errors.ts). */
export interface ConnectionEnd extends Cause {
  /** When the connection became ready, or null if it never did. */
  readyAt: number | null
}

/** Hears a connection's lifecycle (its SourceSession). */
export interface ConnectionListener {
  /** The socket opened and the login message went out; waiting for the reply. */
  authenticating(): void
  /** Open and logged in: on-open messages may go. */
  ready(): void
  sendFailed(message: string): void
  ended(end: ConnectionEnd): void
}

/** Hears every frame a connection reads (its SourceReader). Hot path. */
export interface FrameListener {
  /** Any frame arrived, as received (counted, recorded, and it proves the channel is alive). */
  received(data: Buffer, isBinary: boolean, at: number): void
  /**
   * A parsed JSON frame that is neither the login reply nor the app ping's reply, with its bytes
   * and the text they were parsed from.
   */
  frame(frame: unknown, at: number, raw: Buffer, text: string): void
  badFrame(kind: 'binary-frame' | 'malformed-frame', message: string): void
  /** A frame the preset says carries nothing (a binary frame on NeuroIO): counted, no error. */
  ignored(): void
}

export interface ConnectionPorts {
  clock: Clock
  socketFactory: SocketFactory
  /** Hand a read's small text frames on together, after the read (frame-batch.ts). */
  batchFrames?: boolean
}

export class Connection implements BatchTarget {
  private state: ConnectionPhase = 'connecting'
  private readonly socket: WebSocket
  private readonly keepalive: Keepalive
  private handshakeTimer: TimerHandle | undefined
  private authTimer: TimerHandle | undefined
  private cause: Cause | undefined
  private readyAt: number | null = null
  private silent = false
  private paused = false
  /** Frames of one socket read share one clock read. */
  private readonly readTime: ReadTime
  /** Where this connection dials, for errors that do not say. */
  private readonly target: DialTarget
  private readonly batch: FrameBatch | undefined // when ports.batchFrames

  /** Throws when the socket cannot even be created (a URL ws rejects). */
  constructor(
    private readonly plan: DialPlan,
    private readonly settings: ResolvedSettings,
    private readonly ports: ConnectionPorts,
    private readonly listener: ConnectionListener,
    private readonly frames: FrameListener,
  ) {
    this.readTime = new ReadTime(ports.clock)
    this.target = dialTarget(plan.url)
    this.keepalive = new Keepalive(
      settings.keepalive,
      ports.clock,
      { ping: () => this.socket.ping(), sendText: (text) => this.send(text) },
      (message) => this.fail('keepalive', message),
    )
    this.batch = ports.batchFrames ? new FrameBatch(this, settings.parseFrame) : undefined
    this.socket = ports.socketFactory(plan.url, plan.options, plan.protocols)
    this.handshakeTimer = ports.clock.setTimeout(
      () =>
        this.fail(
          'timeout',
          `no answer to the websocket handshake within ${seconds(settings.handshakeTimeoutMs)}`,
        ),
      settings.handshakeTimeoutMs,
    )
    this.listen()
  }

  get phase(): ConnectionPhase {
    return this.state
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount
  }

  send(text: string): void {
    if (this.state === 'ended' || this.socket.readyState !== this.socket.OPEN) return
    this.socket.send(text, (error) => {
      if (error && !this.silent)
        this.listener.sendFailed(this.scrub(`a message was not sent: ${error.message}`))
    })
  }

  /**
   * Stops reading the socket (backpressure): ws pauses the net socket, the kernel's buffer fills
   * and TCP makes the server wait. Frames already read still arrive (at most one socket read's
   * worth). Only an open connection pauses; answers true when it did. Keepalive stops awaiting
   * answers it cannot read meanwhile.
   */
  pauseReading(): boolean {
    if (this.state !== 'ready' || this.paused) return this.paused
    this.paused = true
    this.socket.pause()
    this.keepalive.pause()
    return true
  }

  resumeReading(): void {
    if (!this.paused) return
    this.paused = false
    if (this.state === 'ended') return
    this.socket.resume()
    this.keepalive.resume()
  }

  /** New keepalive timings for this socket (a live settings change). */
  retime(settings: ResolvedSettings): void {
    this.keepalive.retime(settings.keepalive)
  }

  /** Ends the connection and reports `kind` and `message` as the cause (a watchdog verdict). */
  fail(kind: SourceErrorKind, message: string, hard = false): void {
    if (this.state === 'ended') return
    this.setCause({ kind, message, hard })
    // terminate(), not close(): a peer that stopped answering would not answer a close either.
    this.socket.terminate()
  }

  /**
   * Takes this connection's secrets out of `text`. Every error text that leaves the connection
   * goes through here, and the session uses it for what its preset reports: servers echo what
   * they were sent (a login they did not understand), so any text made from a frame may hold one.
   */
  scrub(text: string): string {
    return scrubSecrets(text, this.plan.secrets)
  }

  /** Ends the connection without reporting anything: its owner moved on. */
  close(): void {
    this.silent = true
    this.finish()
    this.socket.removeAllListeners('message')
    this.socket.terminate()
  }

  private listen(): void {
    const socket = this.socket
    socket.on('unexpected-response', (_request, response: IncomingMessage) => {
      this.setCause(
        this.explained(plainRefusal(response), {
          kind: 'refused',
          status: response.statusCode ?? 0,
        }),
      )
      response.resume()
      socket.terminate()
    })
    socket.on('open', () => this.opened())
    socket.on('message', (data: Buffer, isBinary: boolean) => this.receiveSafely(data, isBinary))
    socket.on('pong', () => this.keepalive.pong())
    socket.on('error', (error: SocketError) => this.setCause(this.describe(error)))
    socket.on('close', (code: number, reason: Buffer) => {
      if (this.state === 'ended') return
      this.batch?.flush()
      const cause =
        this.cause ??
        this.explained(closeCause(code, reason.toString()), {
          kind: 'closed',
          code,
          reason: reason.toString(),
        })
      this.finish()
      if (this.silent) return
      this.listener.ended({
        ...cause,
        message: this.scrub(cause.message),
        ...(cause.detail === undefined ? {} : { detail: this.scrub(cause.detail) }),
        readyAt: this.readyAt,
      })
    })
  }

  private opened(): void {
    if (this.state !== 'connecting') return
    this.ports.clock.clearTimeout(this.handshakeTimer)
    this.handshakeTimer = undefined
    this.keepalive.start()
    if (this.plan.loginMessage !== null) {
      this.send(this.plan.loginMessage)
      if (this.settings.authReply) {
        this.state = 'authenticating'
        this.authTimer = this.ports.clock.setTimeout(() => {
          const cause = this.explained(
            {
              kind: 'auth',
              message: `no reply to the login message within ${seconds(this.settings.authTimeoutMs)}`,
              hard: false,
            },
            { kind: 'login-timeout' },
          )
          this.fail(cause.kind, cause.message, cause.hard)
        }, this.settings.authTimeoutMs)
        this.listener.authenticating()
        return
      }
    }
    this.becomeReady()
  }

  private becomeReady(): void {
    this.ports.clock.clearTimeout(this.authTimer)
    this.authTimer = undefined
    this.state = 'ready'
    this.readyAt = this.ports.clock.now()
    this.listener.ready()
  }

  /**
   * ws calls its 'message' handlers from inside its receiver, part-way through the socket's data:
   * anything thrown there is an uncaught exception (a crash headless, an error dialog in Electron)
   * and leaves the receiver stuck mid-frame, so the source looks open while nothing more arrives.
   * So nothing escapes: a frame Vigil fails on is reported as a bad frame and the next one goes on.
   */
  private receiveSafely(data: Buffer, isBinary: boolean): void {
    try {
      if (this.batch) {
        if (!isBinary && this.state === 'ready' && data.length <= DEPTH_CHECK_BYTES)
          return this.queue(this.batch, data)
        this.batch.flush() // what came before goes first
      }
      this.receive(data, isBinary)
    } catch (error) {
      try {
        this.badFrame('malformed-frame', handlingFailedMessage(error))
      } catch {
        // Reporting failed as well; there is no one left to tell, and the socket must go on.
      }
    }
  }

  /** Counted and heard on arrival, as any frame; parsed and handed on after the read. */
  private queue(batch: FrameBatch, data: Buffer): void {
    const at = this.readTime.now()
    this.frames.received(data, false, at)
    this.keepalive.heard()
    batch.add(data, at)
  }

  // BatchTarget (its FrameBatch only): a queued frame goes where receive() sends a small one.
  isLive(): boolean {
    return this.state !== 'ended'
  }

  deliverFrame(frame: unknown, at: number, raw: Buffer, text: string): void {
    if (!this.keepalive.reply(frame)) this.frames.frame(frame, at, raw, text)
  }

  malformedFrame(data: Buffer): void {
    this.badFrame('malformed-frame', notJsonMessage(data))
  }

  handlingFailed(error: unknown): void {
    this.badFrame('malformed-frame', handlingFailedMessage(error))
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (this.state === 'ended') return
    const at = this.readTime.now()
    this.frames.received(data, isBinary, at)
    this.keepalive.heard()
    if (isBinary) {
      if (this.settings.ignoreBinaryFrames) return this.frames.ignored()
      this.badFrame('binary-frame', `ignored a ${data.length}-byte binary frame`)
      return
    }
    if (data.length > DEPTH_CHECK_BYTES && nestsDeeperThan(data, MAX_FRAME_DEPTH)) {
      this.badFrame(
        'malformed-frame',
        `a frame nested deeper than ${MAX_FRAME_DEPTH} levels was dropped: ${preview(data)}`,
      )
      return
    }
    const text = data.toString()
    let frame: unknown
    try {
      frame = this.settings.parseFrame(text)
    } catch {
      this.badFrame('malformed-frame', notJsonMessage(data))
      return
    }
    if (this.state === 'authenticating' && this.settings.authReply) {
      const reply = this.settings.authReply(frame)
      if (reply?.outcome === 'accepted') return this.becomeReady()
      if (reply?.outcome === 'rejected') return this.fail('auth', reply.message, true)
    }
    if (this.keepalive.reply(frame)) return
    this.frames.frame(frame, at, data, text)
  }

  /** A frame's previews may echo a secret: scrubbed before the listener hears of it. */
  private badFrame(kind: 'binary-frame' | 'malformed-frame', message: string): void {
    this.frames.badFrame(kind, this.scrub(message))
  }

  /** The preset's words for an end, with the generic cause kept in parentheses. */
  private explained(cause: Cause, facts: EndFacts): Cause {
    const explanation = this.settings.explain(facts)
    if (!explanation) return cause
    return {
      kind: explanation.kind ?? cause.kind,
      message: `${explanation.message} (${cause.message})`,
      ...(cause.detail === undefined ? {} : { detail: cause.detail }),
      hard: explanation.hard ?? cause.hard,
    }
  }

  private setCause(cause: Cause | undefined): void {
    this.cause ??= cause
  }

  private finish(): void {
    this.state = 'ended'
    this.keepalive.stop()
    this.ports.clock.clearTimeout(this.handshakeTimer)
    this.ports.clock.clearTimeout(this.authTimer)
    this.handshakeTimer = this.authTimer = undefined
    // A socket being dropped must not surface errors later.
    this.socket.on('error', () => {})
  }

  private describe(error: SocketError): Cause | undefined {
    const code = error.code ?? ''
    if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      return {
        kind: 'oversized-frame',
        message: `a frame was larger than maxPayloadBytes (${this.settings.maxPayloadBytes} bytes), so Vigil closed the connection`,
        hard: false,
      }
    }
    if (code.startsWith('WS_ERR_'))
      return {
        kind: 'server-error',
        message: `the server broke the websocket protocol: ${error.message}`,
        hard: false,
      }
    const plain = plainSocketError(error, this.target)
    if (plain) return plain
    if (/^E[A-Z]+$/.test(code)) return { kind: 'network', message: error.message, hard: false }
    if (/subprotocol/i.test(error.message))
      return { kind: 'handshake', message: error.message, hard: true }
    const phase = this.state === 'connecting' ? 'handshake' : 'network'
    return { kind: phase, message: error.message, hard: false }
  }
}
