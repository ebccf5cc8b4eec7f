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
 * The session is its connection's listener: what it hears of the connection's lifecycle drives the
 * state machine, and its news goes to the SessionHost (the Monitor), which owns the sources and
 * tells the UI. Frames do not pass through here: each connection has a SourceReader
 * (source-reader.ts) that turns them into events for the EventSink (event-flow.ts).
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
import type { EventSink } from '../event-flow'
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
import { ReadingHold } from './reading-hold'
import type { SocketFactory } from './socket-factory'
import { ConnectionWatches } from './connection-watches'
import { SourceMetrics } from './source-metrics'
import { SourceNotices } from './source-notices'
import { SourceReader, type ReaderHost } from './source-reader'
import { SourceTimeline, type TimelineFacts } from './source-timeline'
import { UnknownTypeWatch } from './unknown-type-watch'
import { Outage } from './watchdog'

/** What a session runs on: the clock, sockets, URLs, secrets and the log. */
export interface SessionPorts {
  clock: Clock
  socketFactory: SocketFactory
  /** Turns a configured URL into the one to dial (`sim://census` becomes a loopback address). */
  resolveUrl: (url: string) => Promise<string>
  secrets: SecretStore
  logger: Logger
  random?: () => number
}

/** Who hears of a session's lifecycle (the Monitor). Events go to the EventSink instead. */
export interface SessionHost {
  /** An alert from Vigil itself about this source (ingested as an event of the `vigil` source). */
  alert(type: VigilAlertType, payload: SourceAlertPayload): void
  /** A live change did not open and the session went back to `restored`. */
  rolledBack(session: SourceSession, rejected: SourceConfig, restored: SourceConfig): void
  /** The session's lifecycle state or settings changed: worth an immediate push. */
  changed(session: SourceSession): void
  /** Only counters or the last error changed: they travel with the next event batch. */
  touched(session: SourceSession): void
}

export class SourceSession implements ConnectionListener, ReaderHost {
  private resolved: ResolvedSettings
  private state: SourceState = 'idle'
  private connection: Connection | undefined
  /** The current connection's reader. */
  private reader: SourceReader | undefined
  /** Incremented whenever an attempt is abandoned, so a dial still planning it is ignored. */
  private generation = 0
  private dialAbort: AbortController | undefined
  private readonly retry: RetrySchedule
  private stableTimer: TimerHandle | undefined
  /** While a live change is on trial: the settings to go back to if it does not open. */
  private trial: SourceConfig | undefined
  private readonly metrics: SourceMetrics
  private readonly timeline: SourceTimeline
  private readonly watches: ConnectionWatches
  private readonly notices = new SourceNotices()
  private readonly outage: Outage
  private readonly outbox: Outbox
  private readonly reading: ReadingHold
  /** Whether most events lack the configured type field (a notice); told of every event. */
  private readonly types: UnknownTypeWatch

  constructor(
    config: SourceConfig,
    private readonly ports: SessionPorts,
    private readonly host: SessionHost,
    /** Where this source's frames and events go (the Monitor's EventFlow). */
    private readonly events: EventSink,
  ) {
    this.resolved = resolveSettings(config)
    this.metrics = new SourceMetrics()
    this.timeline = new SourceTimeline(this.metrics.counters)
    this.outbox = new Outbox(this.metrics.counters)
    this.retry = new RetrySchedule(ports.clock, ports.random ?? Math.random, () =>
      this.dial('retry-due'),
    )
    this.outage = new Outage(ports.clock, () => this.declareFailed())
    this.watches = new ConnectionWatches(ports.clock, (message) =>
      this.connection?.fail('silence', message),
    )
    this.reading = new ReadingHold(ports.clock, this.metrics, this.watches)
    this.types = new UnknownTypeWatch(
      () => eventTypePathOf(this.settings),
      () => ports.clock.now(),
      () => host.changed(this),
    )
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

  /** The counters object itself; recent-event buffers count their evictions into it. */
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
    // Every resolve makes a new classifier; frames and sends must both go to the current one.
    this.reader?.useClassifier(this.resolved.classifier)
    const live = liveMessages(previous, this.resolved, change)
    if (before.eventTypePath !== config.eventTypePath || before.preset !== config.preset)
      this.types.reset()
    if (live === null) change.connection = true
    if (!config.enabled) return this.disconnect('disable')
    if (this.state === 'idle') return this.connect('start')
    // Enabling is an explicit wish to connect; any other edit leaves a user close alone.
    if (this.state === 'closed')
      return before.enabled ? this.host.changed(this) : this.connect('start')
    if (change.connection) {
      // Only a working connection is worth going back to; a trial in progress keeps its origin.
      if (this.trial === undefined && this.state === 'open') this.trial = before
      this.retry.cancel()
      this.dropConnection()
      this.dial('edit')
      return
    }
    const connection = this.connection
    if (this.state === 'open' && connection) {
      for (const text of live ?? []) this.sendOwn(connection, text)
      const now = this.ports.clock.now()
      if (change.timing) {
        connection.retime(this.resolved)
        this.watches.retime(this.resolved, now)
      }
      if (change.options) {
        this.notices.clear()
        this.watches.startPreset(this.resolved, (text) => this.sendOwn(connection, text), now)
      }
      // Restarted watches must not count a paused reader as silent.
      if (this.reading.isPaused) this.watches.suspend()
    }
    this.host.changed(this)
  }

  /**
   * Stops reading the socket (true) until told to go on (false): backpressure, so the server
   * waits rather than Vigil buffering (see reading-hold.ts). Takes effect on an open connection,
   * or as soon as one opens.
   */
  holdReading(held: boolean): void {
    const open = this.state === 'open' ? this.connection : undefined
    const moved = held
      ? this.reading.hold(open)
      : this.reading.release(this.connection, this.resolved)
    if (moved) this.host.touched(this)
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
    this.metrics.event(this.ports.clock.now())
  }

  /** The last state changes, newest first. */
  timelineEntries(): SourceTimelineEntry[] {
    return this.timeline.list()
  }

  view(now = this.ports.clock.now()): SourceView {
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
      notices: [...this.notices.list(), ...this.types.notices],
    }
  }

  stats(now = this.ports.clock.now()): SourceStats {
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
    planDial(settings, this.ports, this.dialAbort.signal).then(
      (plan) => {
        if (generation !== this.generation) return
        try {
          const { metrics, watches, notices, events } = this
          const typeWatch = this.types
          const parts = { clock: this.ports.clock, metrics, watches, notices, typeWatch, events }
          const reader = new SourceReader(this.id, settings.classifier, plan.secrets, parts, this)
          this.connection = new Connection(plan, settings, this.ports, this, reader)
          this.reader = reader
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

  // ---- ConnectionListener and ReaderHost: what the current connection and its reader report --
  // A connection its session let go of (closed on purpose) reports nothing more, and nor does its
  // reader, so whatever arrives here is from the current one.

  authenticating(): void {
    this.setState('authenticating', 'login-sent')
  }

  sendFailed(message: string): void {
    this.recordError('send', message)
  }

  touched(): void {
    this.host.touched(this)
  }

  noticed(message: string | null): void {
    if (message !== null) this.ports.logger.warn(`source "${this.settings.name}": ${message}`)
    this.host.changed(this)
  }

  unhealthy(message: string): void {
    this.connection?.fail('keepalive', message)
  }

  /** The connection is open (and logged in): the source is open. */
  ready(): void {
    const connection = this.connection!
    const now = this.ports.clock.now()
    if (this.trial !== undefined) {
      this.ports.logger.info(
        `source "${this.settings.name}": now on ${redactUrl(this.settings.url)}`,
      )
      this.trial = undefined
    }
    this.outage.pause()
    this.notices.clear()
    this.metrics.resolveError(now)
    this.timeline.opened()
    this.setState('open', 'opened')
    for (const text of this.resolved.onOpen) this.sendOwn(connection, text)
    this.outbox.flush(connection)
    this.watches.start(this.resolved, (text) => this.sendOwn(connection, text), now)
    this.stableTimer = this.ports.clock.setTimeout(() => this.stable(), this.resolved.stableAfterMs)
    if (this.reading.opened(connection)) this.host.touched(this)
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
      this.ports.logger.info(`source "${this.settings.name}" recovered`)
      this.host.alert('source-recovered', this.alertPayload('open', downSince))
    }
    this.host.changed(this)
  }

  /** The connection ended (or never opened): retry, or go back to the settings that worked. */
  ended(end: ConnectionEnd): void {
    const now = this.ports.clock.now()
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
      this.ports.logger.warn(
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
    this.ports.logger.warn(`source "${restored.name}": ${message}`)
    this.host.rolledBack(this, rejected, restored)
    this.dial('rollback')
  }

  private declareFailed(): void {
    const downSince = this.outage.since ?? this.ports.clock.now()
    if (this.state === 'reconnecting' || this.state === 'stale')
      this.setState('failed', 'dead-channel', this.metrics.lastError)
    this.ports.logger.warn(
      `source "${this.settings.name}" failed: down since ${new Date(downSince).toISOString()}` +
        (this.metrics.lastError ? ` (${this.metrics.lastError.message})` : ''),
    )
    this.host.alert('source-failed', this.alertPayload('failed', downSince))
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
    this.watches.stop()
    this.ports.clock.clearTimeout(this.stableTimer)
    this.stableTimer = undefined
    this.outbox.drop()
    this.connection?.close()
    this.connection = undefined
    this.reader = undefined
    this.reading.dropped()
  }

  private recordError(
    kind: Parameters<SourceMetrics['error']>[0],
    message: string,
    detail?: string,
  ): void {
    this.metrics.error(kind, message, this.ports.clock.now(), detail)
    // A flood of bad frames must not become a flood of pushes: counters ride the next batch.
    this.host.touched(this)
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
    this.timeline.changed(this.ports.clock.now(), state, reason, {
      attempt: this.attempt(),
      nextRetryAt: this.retry.nextRetryAt,
      error,
    })
    this.host.changed(this)
  }
}
