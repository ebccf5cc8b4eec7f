/**
 * One source's lifecycle: the state machine over connection attempts. It dials (connection.ts
 * runs each attempt), turns frames into events through the preset's classifier, reconnects with
 * backoff, runs the silence and dead-channel watchdogs, applies settings live (rolling back a
 * change that does not open), and queues sends while a login is in flight.
 *
 *   idle ─start─▶ connecting ─▶ [authenticating] ─▶ open
 *   open ─drop─▶ reconnecting ─retry─▶ connecting      open ─silence─▶ stale ─retry─▶ connecting
 *   down for deadChannelMs ─▶ failed (alert; slow retries go on) ─stable again─▶ open (alert)
 *   any ─user disconnect─▶ closed (no retries, no alerts, until connected again)
 *
 * Everything that happens is reported through `deps`, so the Monitor stays the only owner of
 * events and the only emitter towards the UI.
 */

import type {
  SourceAlertPayload,
  SendReceipt,
  SourceState,
  SourceStats,
  SourceView,
  VigilAlertType,
} from '../../../shared/domain'
import type { NotStoredReason } from '../../../shared/history-status'
import type { SourceConfig } from '../../../shared/source-config'
import type { SourceTimelineEntry, SourceTimelineReason } from '../../../shared/source-timeline'
import type { SecretStore } from '../secrets/secret-store'
import type { Clock, TimerHandle } from '../util/clock'
import { errorText } from '../../../shared/utils/error-text'
import { redactUrl, type Logger } from '../util/logger'
import { scrubSecrets } from './auth'
import { Connection, type ConnectionEnd, type ConnectionListener } from './connection'
import {
  compareSettings,
  eventTypePathOf,
  liveMessages,
  resolveSettings,
  type ResolvedSettings,
} from './connection-settings'
import { DialError, planDial } from './dial-plan'
import { seconds } from './keepalive'
import { RetrySchedule } from './retry-schedule'
import { Outbox } from './outbox'
import type { SocketFactory } from './socket-factory'
import { PresetLink } from './preset-link'
import { SourceMetrics } from './source-metrics'
import { SourceTimeline, type TimelineFacts } from './source-timeline'
import { UnknownTypeWatch } from './unknown-type-watch'
import { Outage, SilenceWatch } from './watchdog'

export interface SessionDeps {
  clock: Clock
  socketFactory: SocketFactory
  /** Turns a configured URL into the one to dial (`sim://census` becomes a loopback address). */
  resolveUrl: (url: string) => Promise<string>
  secrets: SecretStore
  logger: Logger
  /**
   * Hands a classified event to the Monitor with its share of its frame's bytes as received.
   * Called on the hot path.
   */
  ingest: (
    sourceId: string,
    type: string,
    payload: unknown,
    receivedAt: number,
    bytes: number,
  ) => void
  /** An alert from Vigil itself about this source (ingested as an event of the `vigil` source). */
  alert: (type: VigilAlertType, payload: SourceAlertPayload) => void
  /** A live change did not open and the session went back to `restored`. */
  rolledBack: (session: SourceSession, rejected: SourceConfig, restored: SourceConfig) => void
  /** The session's lifecycle state or settings changed: worth an immediate push. */
  changed: (session: SourceSession) => void
  /** Only counters or the last error changed: they travel with the next event batch. */
  touched: (session: SourceSession) => void
  /** Every frame as received, before classification (recordings tap it). Hot path. */
  frame?: (sourceId: string, data: Buffer, isBinary: boolean, receivedAt: number) => void
  random?: () => number
}

export class SourceSession {
  private resolved: ResolvedSettings
  private state: SourceState = 'idle'
  private connection: Connection | undefined
  /** Incremented whenever an attempt is abandoned, so its late callbacks are ignored. */
  private generation = 0
  private dialAbort: AbortController | undefined
  private readonly retry: RetrySchedule
  private stableTimer: TimerHandle | undefined
  /** While a live change is on trial: the settings to go back to if it does not open. */
  private trial: SourceConfig | undefined
  private readonly metrics: SourceMetrics
  private readonly timeline: SourceTimeline
  private readonly silence: SilenceWatch
  private readonly preset: PresetLink
  private readonly outage: Outage
  private readonly outbox: Outbox
  private readonly types: UnknownTypeWatch
  /** The Monitor asked this source to stop reading (history is behind): see `holdReading`. */
  private readingHeld = false
  /** The current connection is not being read. */
  private readingPaused = false

  constructor(
    config: SourceConfig,
    private readonly deps: SessionDeps,
  ) {
    this.resolved = resolveSettings(config)
    this.metrics = new SourceMetrics()
    this.timeline = new SourceTimeline(this.metrics.counters)
    this.outbox = new Outbox(this.metrics.counters)
    this.retry = new RetrySchedule(deps.clock, deps.random ?? Math.random, () =>
      this.dial('retry-due'),
    )
    this.silence = new SilenceWatch(deps.clock, (quietFor) =>
      this.connection?.fail('silence', `nothing received for ${seconds(quietFor)}`),
    )
    this.outage = new Outage(deps.clock, () => this.declareFailed())
    this.types = new UnknownTypeWatch(
      () => eventTypePathOf(this.settings),
      () => deps.clock.now(),
      () => deps.changed(this),
    )
    this.preset = new PresetLink({
      clock: deps.clock,
      counters: this.metrics.counters,
      event: (type, payload, at, bytes) => {
        this.metrics.event(at)
        this.types.observe(type, payload)
        this.deps.ingest(this.id, type, payload, at, bytes)
      },
      // The preset words these from frames, which may echo a secret (a login sent back).
      error: (message) => this.recordError('server-error', this.scrub(message)),
      unreadable: (message) => this.recordError('malformed-frame', this.scrub(message)),
      touched: () => this.deps.touched(this),
      noticed: (message) => {
        if (message !== null) this.deps.logger.warn(`source "${this.settings.name}": ${message}`)
        this.deps.changed(this)
      },
      noHeartbeat: (quietFor) =>
        this.connection?.fail('silence', `no heartbeat for ${seconds(quietFor)}`),
      // Worded from a frame, which may echo a secret.
      unhealthy: (message) => this.connection?.fail('keepalive', this.scrub(message)),
    })
  }

  get id(): string {
    return this.resolved.config.id
  }

  get settings(): SourceConfig {
    return this.resolved.config
  }

  get currentState(): SourceState {
    return this.state
  }

  /** The counters object itself; the Monitor counts buffer evictions into it. */
  get counters() {
    return this.metrics.counters
  }

  /** Connects if the source is enabled; a disabled source stays idle until connected by hand. */
  start(): void {
    if (this.resolved.config.enabled) this.connect('start')
  }

  /** Connects now, cancelling any pending retry; `reason` goes into the timeline. */
  connect(reason: SourceTimelineReason = 'connect'): void {
    this.retry.cancel()
    this.retry.reset()
    this.dropConnection()
    this.dial(reason)
  }

  /**
   * Retry now, on a source that is down and waiting (see `retryRefusal`): dials at once with the
   * backoff reset. The outage goes on until the source is stable again.
   */
  retryNow(): void {
    this.connect('retry')
  }

  /** A user close: no reconnects and no alerts until the user (or a config change) connects. */
  disconnect(reason: 'disconnect' | 'disable' = 'disconnect'): void {
    this.retry.cancel()
    this.retry.reset()
    this.dropConnection()
    this.trial = undefined
    this.outage.clear()
    this.timeline.closed()
    this.setState('closed', reason)
  }

  /** Applies new settings: live where possible, by reconnecting (on trial) where needed. */
  update(config: SourceConfig): void {
    const previous = this.resolved
    const before = previous.config
    const change = compareSettings(before, config)
    this.resolved = resolveSettings(config)
    const live = liveMessages(previous, this.resolved, change)
    if (before.eventTypePath !== config.eventTypePath || before.preset !== config.preset)
      this.types.reset()
    if (live === null) change.connection = true
    if (!config.enabled) return this.disconnect('disable')
    if (this.state === 'idle') return this.connect('start')
    // Enabling is an explicit wish to connect; any other edit leaves a user close alone.
    if (this.state === 'closed')
      return before.enabled ? this.deps.changed(this) : this.connect('start')
    if (change.connection) {
      // Only a working connection is worth going back to; a trial in progress keeps its origin.
      if (this.trial === undefined && this.state === 'open') this.trial = before
      this.retry.cancel()
      this.dropConnection()
      this.dial('edit')
      return
    }
    if (this.state === 'open' && this.connection) {
      for (const text of live ?? []) this.sendOwn(this.connection, text)
      if (change.timing) {
        this.connection.retime(this.resolved)
        this.silence.start(this.resolved.silenceMs, this.deps.clock.now())
      }
      if (change.options) {
        this.preset.clearNotices()
        this.startPreset(this.connection, this.deps.clock.now())
      }
      // Restarted watches must not count a paused reader as silent.
      if (this.readingPaused) this.suspendWatches()
    }
    this.deps.changed(this)
  }

  /**
   * Stops reading the socket (true) until told to go on (false): backpressure, so the server
   * waits rather than Vigil buffering. Takes effect on an open connection, or as soon as one
   * opens. While paused, nothing read proves the peer alive or dead, so the silence watchdog, the
   * preset's heartbeat watch and keepalive's answer timers stop; they start afresh on resuming.
   */
  holdReading(held: boolean): void {
    this.readingHeld = held
    if (held) this.pauseReading()
    else this.resumeReading()
  }

  /** Sends on an open source, or queues while it logs in; otherwise refuses with `not-open`. */
  send(text: string): SendReceipt {
    return this.outbox.send(this.settings.name, this.state, this.connection, text)
  }

  dispose(): void {
    this.retry.cancel()
    this.dropConnection()
    this.outage.clear()
  }

  /** Events of this source that will not be in history (history says so, after the fact). */
  countNotStored(reason: NotStoredReason, count: number): void {
    this.metrics.notStored(reason, count)
  }

  /**
   * An event of this source that the cluster member holding it ingested: counted here when it
   * arrives, so the source's events, rate and last event show its flow on every host.
   */
  countRemoteEvent(): void {
    this.metrics.event(this.deps.clock.now())
  }

  /** The last state changes, newest first. */
  timelineEntries(): SourceTimelineEntry[] {
    return this.timeline.list()
  }

  view(now = this.deps.clock.now()): SourceView {
    const { id, name, preset, enabled, url } = this.resolved.config
    const { counters, lastEventAt, lastError, eventsPerSecond } = this.metrics.stats(id, now)
    return {
      id,
      name,
      preset,
      enabled,
      url,
      state: this.state,
      attempt: this.attempt(),
      nextRetryAt: this.retry.nextRetryAt,
      downSince: this.outage.since,
      counters,
      lastEventAt,
      lastError,
      eventsPerSecond,
      notices: [...this.preset.notices, ...this.types.notices],
    }
  }

  stats(now = this.deps.clock.now()): SourceStats {
    return this.metrics.stats(this.id, now)
  }

  rateNow(now: number): number {
    return this.metrics.eventsPerSecond(now)
  }

  /** The try under way or due, while the source is not settled; else 0. */
  private attempt(): number {
    const settled = this.state === 'idle' || this.state === 'open' || this.state === 'closed'
    return settled ? 0 : this.retry.attempt
  }

  private dial(reason: SourceTimelineReason): void {
    this.timeline.dialing()
    this.setState('connecting', reason)
    const generation = ++this.generation
    const settings = this.resolved
    this.dialAbort = new AbortController()
    planDial(settings, this.deps, this.dialAbort.signal).then(
      (plan) => {
        if (generation !== this.generation) return
        try {
          this.connection = new Connection(plan, settings, this.deps, this.listener(generation))
        } catch (error) {
          this.ended({
            kind: 'config',
            // ws quotes the URL it rejects, and query auth put the secret in it.
            message: scrubSecrets(errorText(error), plan.secrets),
            hard: true,
            readyAt: null,
          })
        }
      },
      (error: unknown) => {
        if (generation !== this.generation) return
        const dial = error instanceof DialError ? error : undefined
        this.ended({
          kind: dial?.kind ?? 'network',
          message: errorText(error),
          ...(dial?.detail === undefined ? {} : { detail: dial.detail }),
          hard: dial?.hard ?? false,
          readyAt: null,
        })
      },
    )
  }

  private listener(generation: number): ConnectionListener {
    const live = () => generation === this.generation
    return {
      authenticating: () => live() && this.setState('authenticating', 'login-sent'),
      ready: () => live() && this.ready(),
      received: (data, isBinary, at) => {
        if (!live()) return
        this.metrics.frame(data.length)
        this.silence.heard(at)
        this.deps.frame?.(this.id, data, isBinary, at)
      },
      frame: (frame, at, raw) =>
        live() && this.preset.classify(this.resolved.classifier, frame, at, raw),
      badFrame: (kind, message) => live() && this.recordError(kind, message),
      ignored: () => live() && this.preset.ignored(),
      sendFailed: (message) => live() && this.recordError('send', message),
      ended: (end) => live() && this.ended(end),
    }
  }

  private ready(): void {
    const connection = this.connection!
    const now = this.deps.clock.now()
    if (this.trial !== undefined) {
      this.deps.logger.info(
        `source "${this.settings.name}": now on ${redactUrl(this.settings.url)}`,
      )
      this.trial = undefined
    }
    this.outage.pause()
    this.preset.clearNotices()
    this.metrics.resolveError(now)
    this.timeline.opened()
    this.setState('open', 'opened')
    for (const text of this.resolved.onOpen) this.sendOwn(connection, text)
    this.outbox.flush(connection)
    this.silence.start(this.resolved.silenceMs, now)
    this.startPreset(connection, now)
    this.stableTimer = this.deps.clock.setTimeout(() => this.stable(), this.resolved.stableAfterMs)
    if (this.readingHeld) this.pauseReading()
  }

  private pauseReading(): void {
    if (this.readingPaused || this.state !== 'open' || !this.connection?.pauseReading()) return
    this.readingPaused = true
    this.suspendWatches()
    this.metrics.paused(true, this.deps.clock.now())
    this.deps.touched(this)
  }

  private resumeReading(): void {
    if (!this.readingPaused) return
    this.readingPaused = false
    const now = this.deps.clock.now()
    this.metrics.paused(false, now)
    this.deps.touched(this)
    this.connection?.resumeReading()
    this.silence.start(this.resolved.silenceMs, now)
    this.preset.resumeWatch(this.resolved, now)
  }

  private suspendWatches(): void {
    this.silence.stop()
    this.preset.suspendWatch()
  }

  /** The preset's heartbeat watch and repeated messages, (re)started on an open connection. */
  private startPreset(connection: Connection, now: number): void {
    this.preset.start(this.resolved, (text) => this.sendOwn(connection, text), now)
  }

  /** Sends a message of the source's settings, telling the classifier (it may await a reply). */
  private sendOwn(connection: Connection, text: string): void {
    this.resolved.classifier.sent?.(text)
    connection.send(text)
  }

  /** Open long enough to count as healthy: the backoff resets and any outage is over. */
  private stable(): void {
    this.stableTimer = undefined
    this.retry.reset()
    const downSince = this.outage.since
    if (this.outage.end() && downSince !== null) {
      this.deps.logger.info(`source "${this.settings.name}" recovered`)
      this.deps.alert('source-recovered', this.alertPayload('open', downSince))
    }
    this.deps.changed(this)
  }

  private ended(end: ConnectionEnd): void {
    const now = this.deps.clock.now()
    this.connection = undefined
    this.dropConnection()
    if (end.readyAt !== null && now - end.readyAt >= this.resolved.stableAfterMs) this.retry.reset()
    this.recordError(end.kind, end.message, end.detail)
    if (this.trial !== undefined) return this.rollBack(end)
    this.outage.down(now, this.resolved.deadChannelMs)
    this.scheduleRetry(end)
  }

  private scheduleRetry(end: ConnectionEnd): void {
    const delay = this.retry.schedule(this.resolved.backoff, end.hard, this.outage.hasExpired)
    this.timeline.dropped()
    if (end.hard) {
      this.deps.logger.warn(
        `source "${this.settings.name}": ${end.message}; retrying in ${seconds(delay)}`,
      )
    }
    this.setState(
      this.outage.hasExpired ? 'failed' : end.kind === 'silence' ? 'stale' : 'reconnecting',
      'ended',
      end,
    )
  }

  /** A live change did not open: back to the settings that worked, and say so. */
  private rollBack(end: ConnectionEnd): void {
    const rejected = this.resolved.config
    const restored = this.trial!
    this.trial = undefined
    this.resolved = resolveSettings(restored)
    const message =
      `the new settings did not open (${end.message}), so Vigil went back to ` +
      `${redactUrl(restored.url)}`
    this.recordError('update', message, end.detail)
    this.deps.logger.warn(`source "${restored.name}": ${message}`)
    this.deps.rolledBack(this, rejected, restored)
    this.dial('rollback')
  }

  private declareFailed(): void {
    const downSince = this.outage.since ?? this.deps.clock.now()
    if (this.state === 'reconnecting' || this.state === 'stale')
      this.setState('failed', 'dead-channel', this.metrics.lastError)
    this.deps.logger.warn(
      `source "${this.settings.name}" failed: down since ${new Date(downSince).toISOString()}` +
        (this.metrics.lastError ? ` (${this.metrics.lastError.message})` : ''),
    )
    this.deps.alert('source-failed', this.alertPayload('failed', downSince))
  }

  private alertPayload(state: SourceState, downSince: number): SourceAlertPayload {
    return {
      sourceId: this.id,
      name: this.settings.name,
      state,
      lastError: this.metrics.lastError,
      downSince,
    }
  }

  /** Lets go of the connection (or the dial still planning one) and all that runs with it. */
  private dropConnection(): void {
    this.generation++
    // A dial still planning (a TLS probe can take up to the handshake timeout) is let go at once.
    this.dialAbort?.abort()
    this.dialAbort = undefined
    this.silence.stop()
    this.preset.stop()
    this.deps.clock.clearTimeout(this.stableTimer)
    this.stableTimer = undefined
    this.outbox.drop()
    this.connection?.close()
    this.connection = undefined
    if (this.readingPaused) {
      this.readingPaused = false
      this.metrics.paused(false, this.deps.clock.now())
    }
  }

  /** Takes the current connection's secrets out of `text` (what the preset reports). */
  private scrub(text: string): string {
    return this.connection ? this.connection.scrub(text) : text
  }

  private recordError(
    kind: Parameters<SourceMetrics['error']>[0],
    message: string,
    detail?: string,
  ): void {
    this.metrics.error(kind, message, this.deps.clock.now(), detail)
    // A flood of bad frames must not become a flood of pushes: counters ride the next batch.
    this.deps.touched(this)
  }

  private setState(
    state: SourceState,
    reason: SourceTimelineReason,
    error: TimelineFacts['error'] = null,
  ): void {
    // Every new attempt or retry is news (attempt and nextRetryAt change), even in the same state.
    if (state === this.state && state !== 'reconnecting' && state !== 'failed' && state !== 'stale')
      return
    this.state = state
    this.timeline.changed(this.deps.clock.now(), state, reason, {
      attempt: this.attempt(),
      nextRetryAt: this.retry.nextRetryAt,
      error,
    })
    this.deps.changed(this)
  }
}
