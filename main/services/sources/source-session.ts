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
import type { ConnectionEnd, ConnectionListener } from './connection'
import {
  compareSettings,
  eventTypePathOf,
  liveMessages,
  resolveSettings,
  type ResolvedSettings,
} from './connection-settings'
import { seconds } from './keepalive'
import { LiveTrial } from './live-trial'
import { OpenTraffic } from './open-traffic'
import { Outbox } from './outbox'
import { ReadingHold } from './reading-hold'
import { ConnectionWatches } from './connection-watches'
import { SourceMetrics } from './source-metrics'
import { SourceNotices } from './source-notices'
import type { ReaderHost } from './source-reader'
import { SessionLink, type SessionPorts } from './session-link'
import { SessionRecovery, type RecoveryHost } from './session-recovery'
import { SourceAlerts } from './source-alerts'
import { sourceView } from './session-view'
import { SourceTimeline, type TimelineFacts } from './source-timeline'
import { UnknownTypeWatch } from './unknown-type-watch'

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

export class SourceSession implements ConnectionListener, ReaderHost, RecoveryHost {
  private resolved: ResolvedSettings
  private state: SourceState = 'idle'
  /** The attempt under way: its dial, then its connection and reader. */
  private readonly link: SessionLink
  /** Retries, the dead-channel outage and the stable timer. */
  private readonly recovery: SessionRecovery
  /** A live change that needs a new connection, until it opens (or is rolled back). */
  private readonly trial = new LiveTrial()
  private readonly metrics: SourceMetrics
  private readonly timeline: SourceTimeline
  private readonly watches: ConnectionWatches
  private readonly notices = new SourceNotices()
  private readonly outbox: Outbox
  private readonly reading: ReadingHold
  /** What goes out on the open connection. */
  private readonly traffic: OpenTraffic
  /** Says when the source fails or recovers. */
  private readonly alerts: SourceAlerts
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
    this.recovery = new SessionRecovery(ports.clock, ports.random ?? Math.random, this)
    this.watches = new ConnectionWatches(ports.clock, (message) =>
      this.link.connection?.fail('silence', message),
    )
    this.reading = new ReadingHold(ports.clock, this.metrics, this.watches)
    this.types = new UnknownTypeWatch(
      () => eventTypePathOf(this.settings),
      () => ports.clock.now(),
      () => host.changed(this),
    )
    const { metrics, watches, notices, outbox, reading, types: typeWatch } = this
    const clock = ports.clock
    const alert: SessionHost['alert'] = (type, payload) => host.alert(type, payload)
    this.alerts = new SourceAlerts(() => this.settings, metrics, ports.logger, alert)
    this.traffic = new OpenTraffic(() => this.resolved, clock, watches, outbox, reading, notices)
    this.link = new SessionLink(ports, { clock, metrics, watches, notices, typeWatch, events })
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
    this.recovery.restart()
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
    this.recovery.restart()
    this.dropConnection()
    this.trial.cancel()
    this.recovery.clearOutage()
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
    this.link.reader?.useClassifier(this.resolved.classifier)
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
      this.trial.begin(before, this.state === 'open')
      this.recovery.cancelRetry()
      this.dropConnection()
      this.dial('edit')
      return
    }
    const connection = this.link.connection
    if (this.state === 'open' && connection) this.traffic.changed(connection, live, change)
    this.host.changed(this)
  }

  /**
   * Stops reading the socket (true) until told to go on (false): backpressure, so the server
   * waits rather than Vigil buffering (see reading-hold.ts). Takes effect on an open connection,
   * or as soon as one opens.
   */
  holdReading(held: boolean): void {
    const open = this.state === 'open' ? this.link.connection : undefined
    const moved = held
      ? this.reading.hold(open)
      : this.reading.release(this.link.connection, this.resolved)
    if (moved) this.host.touched(this)
  }

  /** Sends on an open source, or queues while it logs in; otherwise refuses with `not-open`. */
  send(text: string): SendReceipt {
    return this.outbox.send(this.settings.name, this.state, this.link.connection, text)
  }

  dispose(): void {
    this.recovery.cancelRetry()
    this.dropConnection()
    this.recovery.clearOutage()
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
    const { nextRetryAt, downSince } = this.recovery
    const lifecycle = { state: this.state, attempt: this.attempt(), nextRetryAt, downSince }
    const notices = [...this.notices.list(), ...this.types.notices]
    return sourceView(this.settings, lifecycle, this.metrics.stats(this.id, now), notices)
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
    return settled ? 0 : this.recovery.attempt
  }

  private dial(reason: SourceTimelineReason): void {
    this.timeline.dialing()
    this.setState('connecting', reason)
    this.link.dial(this.id, this.resolved, this)
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
    this.link.connection?.fail('keepalive', message)
  }

  /** The connection is open (and logged in): the source is open. */
  ready(): void {
    const connection = this.link.connection!
    const now = this.ports.clock.now()
    const passed = this.trial.passed(this.settings)
    if (passed !== null) this.ports.logger.info(passed)
    this.notices.clear()
    this.metrics.resolveError(now)
    this.timeline.opened()
    this.setState('open', 'opened')
    this.traffic.opened(connection, now)
    this.recovery.opened(this.resolved.stableAfterMs)
    if (this.reading.opened(connection)) this.host.touched(this)
  }

  // ---- RecoveryHost: what the retry schedule, the outage and the stable timer report --------

  retryDue(): void {
    this.dial('retry-due')
  }

  /** Open long enough to count as healthy (the backoff has reset): any outage is over. */
  stable(): void {
    const downSince = this.recovery.downSince
    if (this.recovery.endOutage() && downSince !== null) {
      this.alerts.recovered(downSince)
    }
    this.host.changed(this)
  }

  /** The connection ended (or never opened): retry, or go back to the settings that worked. */
  ended(end: ConnectionEnd): void {
    const now = this.ports.clock.now()
    this.link.ended()
    this.dropConnection()
    if (end.readyAt !== null && now - end.readyAt >= this.resolved.stableAfterMs)
      this.recovery.resetBackoff()
    this.recordError(end.kind, end.message, end.detail)
    if (this.trial.active) return this.rollBack(end)
    this.recovery.down(now, this.resolved.deadChannelMs)
    this.scheduleRetry(end)
  }

  private scheduleRetry(end: ConnectionEnd): void {
    const delay = this.recovery.scheduleRetry(this.resolved.backoff, end.hard)
    this.timeline.dropped()
    if (end.hard) {
      this.ports.logger.warn(
        `source "${this.settings.name}": ${end.message}; retrying in ${seconds(delay)}`,
      )
    }
    this.setState(
      this.recovery.hasFailed ? 'failed' : end.kind === 'silence' ? 'stale' : 'reconnecting',
      'ended',
      end,
    )
  }

  /** A live change did not open: back to the settings that worked, and say so. */
  private rollBack(end: ConnectionEnd): void {
    const rejected = this.resolved.config
    const { restored, message } = this.trial.failed(end.message)
    this.resolved = resolveSettings(restored)
    this.recordError('update', message, end.detail)
    this.ports.logger.warn(`source "${restored.name}": ${message}`)
    this.host.rolledBack(this, rejected, restored)
    this.dial('rollback')
  }

  /** Down for the whole dead-channel window: failed (an alert; slow retries go on). */
  failed(): void {
    const downSince = this.recovery.downSince ?? this.ports.clock.now()
    if (this.state === 'reconnecting' || this.state === 'stale')
      this.setState('failed', 'dead-channel', this.metrics.lastError)
    this.alerts.failed(downSince)
  }

  /** Lets go of the connection (or the dial still planning one) and all that runs with it. */
  private dropConnection(): void {
    this.link.drop()
    this.watches.stop()
    this.recovery.letGo()
    this.outbox.drop()
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
      nextRetryAt: this.recovery.nextRetryAt,
      error,
    })
    this.host.changed(this)
  }
}
