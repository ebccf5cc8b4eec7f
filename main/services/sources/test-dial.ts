/**
 * A connection test (`source:test`): one dial with a source's unsaved settings, through the same
 * parts a running source uses (resolveSettings, planDial, Connection and the preset's own
 * classifier, a fresh instance), reporting what each frame was taken for instead of handing events
 * on. Nothing it sees reaches the Monitor, history, triggers or the catalogue, and it never
 * touches the running source of the same id.
 *
 * Bounded: it lists the first `maxFrames` frames, then only frames with events, and ends once
 * `maxEventFrames` listed frames carry events, or after `timeoutMs`, or when the connection ends;
 * it keeps a preview of at most `previewBytes` per listed frame and bounded counts for the type
 * autodetect, never the frames; the source's own `maxPayloadBytes` caps a frame as it would when
 * saved.
 */

import type { SourceError, SourceNotice } from '../../../shared/domain'
import type { SourceConfig } from '../../../shared/source-config'
import {
  TEST_MAX_EVENT_FRAMES,
  TEST_MAX_FRAMES,
  TEST_PREVIEW_BYTES,
  TEST_TIMEOUT_MS,
  type SourceTestReport,
  type SourceTestStep,
  type TestFrame,
  type TestFrameKind,
} from '../../../shared/source-test'
import { TypeFieldTally } from '../../../shared/type-autodetect'
import type { FrameSink } from '../presets'
import type { SecretStore } from '../secrets/secret-store'
import type { Clock, TimerHandle } from '../util/clock'
import { errorText } from '../../../shared/utils/error-text'
import {
  Connection,
  type ConnectionEnd,
  type ConnectionListener,
  type FrameListener,
} from './connection'
import {
  eventTypePathOf,
  resolveSettings,
  UNKNOWN_TYPE,
  type ResolvedSettings,
} from './connection-settings'
import { dialFailure } from './dial-error'
import { planDial } from './dial-plan'
import { seconds } from './keepalive'
import type { SocketFactory } from './socket-factory'

export interface TestDialPorts {
  clock: Clock
  socketFactory: SocketFactory
  resolveUrl: (url: string) => Promise<string>
  /** Secrets as the running sources read them, with the test's own values over them. */
  secrets: SecretStore
}

export interface TestDialLimits {
  maxFrames: number
  maxEventFrames: number
  timeoutMs: number
  previewBytes: number
}

const LIMITS: TestDialLimits = {
  maxFrames: TEST_MAX_FRAMES,
  maxEventFrames: TEST_MAX_EVENT_FRAMES,
  timeoutMs: TEST_TIMEOUT_MS,
  previewBytes: TEST_PREVIEW_BYTES,
}

/** Event types listed per frame; a PI Web API frame may carry thousands of values. */
const MAX_TYPES_PER_FRAME = 50

/** Dials `config` once and answers what happened. Never rejects. */
export function testDial(
  config: SourceConfig,
  ports: TestDialPorts,
  limits: TestDialLimits = LIMITS,
): Promise<SourceTestReport> {
  return new ConnectionTest(config, ports, limits).run()
}

class ConnectionTest {
  private readonly settings: ResolvedSettings
  private readonly startedAt: number
  private readonly steps: SourceTestStep[] = []
  private readonly frames: TestFrame[] = []
  /** The frame being classified (callbacks for one frame come synchronously after `received`). */
  private current: TestFrame | null = null
  /** Whether `current` is listed (the first frames are; a later one once it yields an event). */
  private currentListed = false
  private received = 0
  /** Listed frames that carried events. */
  private eventFrames = 0
  private readonly tally = new TypeFieldTally()
  private unknownTypes = 0
  private readonly notices = new Map<string, SourceNotice>()
  private readonly dialAbort = new AbortController()
  private connection: Connection | undefined
  private opened = false
  private error: SourceError | null = null
  private timer: TimerHandle | undefined
  private done = false
  private resolve: (report: SourceTestReport) => void = () => {}

  constructor(
    config: SourceConfig,
    private readonly ports: TestDialPorts,
    private readonly limits: TestDialLimits,
  ) {
    this.settings = resolveSettings(config)
    this.startedAt = ports.clock.now()
  }

  run(): Promise<SourceTestReport> {
    return new Promise((resolve) => {
      this.resolve = resolve
      this.step('connecting')
      this.timer = this.ports.clock.setTimeout(() => this.timeUp(), this.limits.timeoutMs)
      planDial(this.settings, this.ports, this.dialAbort.signal).then(
        (plan) => {
          if (this.done) return
          try {
            const listener = this.listener()
            this.connection = new Connection(plan, this.settings, this.ports, listener, listener)
          } catch (error) {
            this.fail({ kind: 'config', message: errorText(error), hard: true, readyAt: null })
          }
        },
        (error: unknown) => {
          if (this.done) return
          this.fail(dialFailure(error))
        },
      )
    })
  }

  /** Hears both the connection's lifecycle and its frames. */
  private listener(): ConnectionListener & FrameListener {
    return {
      authenticating: () => this.step('authenticating'),
      ready: () => this.ready(),
      received: (data, isBinary) => this.receive(data, isBinary),
      frame: (frame, at, raw) => this.classify(frame, at, raw),
      badFrame: (_kind, message) => this.mark('invalid', message),
      ignored: () => this.mark('ignored'),
      sendFailed: () => {},
      ended: (end) => this.fail(end),
    }
  }

  private ready(): void {
    this.opened = true
    this.step('open')
    // What a saved source sends on every connect: a subscription, without which nothing comes.
    for (const text of this.settings.onOpen) {
      this.settings.classifier.sent?.(text)
      this.connection?.send(text)
    }
  }

  private receive(data: Buffer, isBinary: boolean): void {
    // Once enough frames carry events, later ones in the same socket read are not looked at.
    if (this.done || this.eventFrames >= this.limits.maxEventFrames) {
      this.current = null
      return
    }
    const { text, truncated } = isBinary
      ? { text: '', truncated: false }
      : utf8Prefix(data, this.limits.previewBytes)
    // A frame Connection keeps for itself is the login's reply, or the application ping's.
    const kind = this.connection?.phase === 'authenticating' ? 'login-reply' : 'ping-reply'
    this.current = {
      index: ++this.received,
      at: this.ports.clock.now() - this.startedAt,
      bytes: data.length,
      binary: isBinary,
      // A server may echo what it was sent, a login included.
      text: this.scrub(text),
      truncated,
      kind,
      types: [],
    }
    this.currentListed = this.received <= this.limits.maxFrames
    if (this.currentListed) this.frames.push(this.current)
  }

  private classify(frame: unknown, at: number, raw: Buffer): void {
    if (!this.current) return
    this.current.kind = 'control'
    try {
      this.settings.classifier.classify(frame, this.sink(this.current), at, raw)
    } catch (error) {
      this.mark('invalid', `the preset could not read a frame: ${errorText(error)}`)
    }
  }

  private sink(frame: TestFrame): FrameSink {
    const mark = (kind: TestFrameKind, message?: string) => {
      if (frame.kind !== 'event') this.setKind(frame, kind, message)
    }
    return {
      event: (type, payload) => {
        if (frame.kind !== 'event') this.firstEvent(frame)
        frame.kind = 'event'
        delete frame.message
        if (frame.types.length < MAX_TYPES_PER_FRAME) frame.types.push(type)
        if (type === UNKNOWN_TYPE) this.unknownTypes++
        this.tally.add(payload)
      },
      heartbeat: () => mark('heartbeat'),
      control: () => mark('control'),
      error: (message) => mark('error', this.scrub(message)),
      duplicate: () => mark('duplicate'),
      notice: (code, message) => {
        if (message === null) this.notices.delete(code)
        else this.notices.set(code, { code, message, at: this.ports.clock.now() })
      },
      unhealthy: (message) => {
        mark('error', this.scrub(message))
        this.connection?.fail('keepalive', this.scrub(message))
      },
    }
  }

  /** A frame yields its first event: listed if it was not, and maybe the last one needed. */
  private firstEvent(frame: TestFrame): void {
    if (frame === this.current && !this.currentListed) {
      if (this.eventFrames >= this.limits.maxEventFrames) return
      this.currentListed = true
      this.frames.push(frame)
    }
    if (++this.eventFrames === this.limits.maxEventFrames)
      // After this frame's classification, which is still under way.
      queueMicrotask(() =>
        this.finish(`stopped after ${this.limits.maxEventFrames} frames with events`),
      )
  }

  private mark(kind: TestFrameKind, message?: string): void {
    if (this.current) this.setKind(this.current, kind, message)
  }

  private setKind(frame: TestFrame, kind: TestFrameKind, message?: string): void {
    frame.kind = kind
    if (message === undefined) delete frame.message
    else frame.message = message
  }

  private timeUp(): void {
    this.timer = undefined
    if (!this.opened) {
      const authenticating = this.connection?.phase === 'authenticating'
      const within = seconds(this.limits.timeoutMs)
      this.error = {
        kind: 'timeout',
        message: authenticating
          ? `no reply to the login message within ${within}`
          : `no answer to the websocket handshake within ${within}`,
        at: this.ports.clock.now(),
      }
    }
    this.finish(`stopped after ${seconds(this.limits.timeoutMs)}`)
  }

  private fail(end: ConnectionEnd): void {
    if (this.done) return
    this.error = {
      kind: end.kind,
      message: end.message,
      at: this.ports.clock.now(),
      ...(end.detail === undefined ? {} : { detail: end.detail }),
    }
    this.finish(end.message)
  }

  private finish(why: string): void {
    if (this.done) return
    this.done = true
    this.ports.clock.clearTimeout(this.timer)
    this.dialAbort.abort()
    this.connection?.close()
    this.step('closed', why)
    this.resolve({
      opened: this.opened,
      steps: this.steps,
      frames: this.frames,
      framesReceived: this.received,
      unknownTypes: this.unknownTypes,
      eventTypePath: eventTypePathOf(this.settings.config),
      typeCandidates: this.tally
        .candidates()
        .map((candidate) => ({ ...candidate, values: candidate.values.map((v) => this.scrub(v)) })),
      error: this.error,
      notices: [...this.notices.values()],
      durationMs: this.ports.clock.now() - this.startedAt,
    })
  }

  private step(state: SourceTestStep['state'], message?: string): void {
    const at = this.ports.clock.now() - this.startedAt
    this.steps.push(message === undefined ? { state, at } : { state, at, message })
  }

  private scrub(text: string): string {
    return this.connection ? this.connection.scrub(text) : text
  }
}

/** The first `max` bytes of UTF-8 text, cut before a character rather than through one. */
export function utf8Prefix(data: Buffer, max: number): { text: string; truncated: boolean } {
  if (data.length <= max) return { text: data.toString('utf8'), truncated: false }
  let end = max
  // Continuation bytes are 10xxxxxx: step back to the start of the character cut in two.
  while (end > 0 && (data[end]! & 0xc0) === 0x80) end--
  return { text: data.subarray(0, end).toString('utf8'), truncated: true }
}
