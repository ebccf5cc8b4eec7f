/**
 * The Monitor owns the sources: it runs one SourceSession per configured source and hears their
 * lifecycle (it is their SessionHost), answers for them to the UI and the REST API, and holds them
 * back when history falls behind. Their frames and events go straight to the EventFlow it builds
 * (event-flow.ts) with the Engine's subscribers: the recent-events buffers and the UI batcher
 * kept here, and the catalogue, history, triggers and recordings.
 */

import { sourceSecretRefs, type SourceConfig } from '../../shared/source-config'
import { VIGIL_SOURCE_ID } from '../../shared/source-ids'
import type {
  EventBatch,
  EventQuery,
  SendReceipt,
  SourceStats,
  SourceView,
  VigilAlertType,
  VigilEvent,
} from '../../shared/domain'
import type { NotStoredReason } from '../../shared/history-status'
import type { SourceTimelineEntry } from '../../shared/source-timeline'
import { DEFAULT_RECENT_EVENTS_MB } from '../../shared/preference-defaults'
import { BATCH_INTERVAL_MS, MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH } from '../../shared/ipc'
import { VigilError } from '../../shared/result'
import { EventFlow } from './event-flow'
import { EventBatcher } from './events/event-batcher'
import { RateWatch } from './events/rate-watch'
import { RecentEvents } from './events/recent-events'
import type { MonitorOptions, SourceRollback } from './monitor-options'
import { MemorySecretStore } from './secrets/secret-store'
import { retryRefusal } from './sources/retry-schedule'
import { INACTIVE_STATES, SECRET_RETRY_STATES } from './sources/source-states'
import type { SessionPorts } from './sources/session-link'
import { SourceSession, type SessionHost } from './sources/source-session'
import { systemClock, type Clock } from './util/clock'
import { Emitter } from '../../shared/utils/emitter'
import { jsonEqual } from '../../shared/utils/json-equal'
import { silentLogger } from './util/logger'

const identity = (url: string) => Promise.resolve(url)

const MIB = 1024 * 1024

export class Monitor implements SessionHost {
  private readonly sessions = new Map<string, SourceSession>()
  private readonly clock: Clock
  private readonly ports: SessionPorts
  private readonly batcher: EventBatcher
  private readonly recent: RecentEvents
  /** Where every frame and event of every source goes. */
  private readonly flow: EventFlow
  /** Rates that changed ride the next batch. */
  private readonly rates: RateWatch
  private disposed = false
  /** Who has asked the sources to stop reading (history, when behind). */
  private readonly readingHolders = new Set<string>()

  private readonly didChangeSource = new Emitter<SourceView>()
  private readonly didRemoveSource = new Emitter<{ id: string }>()
  private readonly didBatch = new Emitter<EventBatch>()
  private readonly didRollBack = new Emitter<SourceRollback>()
  /** In a cluster: may this host connect the source (does it hold it)? Null: every source. */
  private connectGate: ((id: string) => boolean) | null = null

  /**
   * Every event, synchronously, on the hot path, after the Engine's subscribers: listeners must
   * be cheap. The second argument is the event's size for memory budgets: its share of the bytes
   * of the frame it came in.
   */
  readonly onDidReceiveEvent: EventFlow['onDidReceiveEvent']
  readonly onDidChangeSource = this.didChangeSource.event
  readonly onDidRemoveSource = this.didRemoveSource.event
  /** Events and counters coalesced for the UI, at most every BATCH_INTERVAL_MS. */
  readonly onDidBatch = this.didBatch.event
  /** A source went back to its previous settings because the new ones did not open. */
  readonly onDidRollBackSource = this.didRollBack.event
  /**
   * An event another cluster host ingested (see `ingestRemote`): shown and stored here like any,
   * but not evaluated, since triggers run on the source's holder only.
   */
  readonly onDidReceiveRemoteEvent: EventFlow['onDidReceiveRemoteEvent']

  constructor(private readonly options: MonitorOptions) {
    this.clock = options.clock ?? systemClock
    const logger = options.logger ?? silentLogger
    this.ports = {
      clock: this.clock,
      socketFactory: options.socketFactory,
      resolveUrl: options.resolveUrl ?? identity,
      secrets: options.secrets ?? new MemorySecretStore(),
      logger,
      ...(options.random ? { random: options.random } : {}),
    }
    this.recent = new RecentEvents(
      options.recentPerSource ?? 5_000,
      options.recentBytesPerSource ?? DEFAULT_RECENT_EVENTS_MB * MIB,
    )
    this.batcher = new EventBatcher({
      clock: this.clock,
      intervalMs: BATCH_INTERVAL_MS,
      maxEvents: MAX_EVENTS_PER_BATCH,
      maxBytes: MAX_BATCH_BYTES,
      stats: (ids) => this.statsFor(ids),
      deliver: (batch) => this.didBatch.fire(batch),
    })
    this.flow = new EventFlow(
      this.recent,
      this.batcher,
      options.subscribers ?? {},
      logger,
      options.firstEventId,
    )
    this.onDidReceiveEvent = this.flow.onDidReceiveEvent
    this.onDidReceiveRemoteEvent = this.flow.onDidReceiveRemoteEvent
    this.rates = new RateWatch(
      this.clock,
      (now) => [...this.sessions].map(([id, session]) => [id, session.rateNow(now)]),
      (id) => this.batcher.touch(id),
    )
  }

  /** Brings the running sources in line with `configs`: adds, updates and removes. */
  setSources(configs: readonly SourceConfig[]): void {
    const wanted = new Set(configs.map((config) => config.id))
    for (const id of [...this.sessions.keys()]) if (!wanted.has(id)) this.removeSource(id)
    for (const config of configs) this.upsertSource(config)
  }

  upsertSource(config: SourceConfig): SourceView {
    this.assertLive()
    const existing = this.sessions.get(config.id)
    if (existing) {
      const before = existing.settings.url
      // Key order is no change: settings saved as they were keep their session as it is.
      if (!jsonEqual(existing.settings, config)) existing.update(config)
      // An edit may (re)connect; a source another host holds stays closed. The dial is
      // asynchronous, so closing in the same turn opens no socket.
      if (!this.mayConnect(config.id)) this.closeGated(existing)
      if (config.url !== before) this.released(before)
      return existing.view()
    }
    const session = new SourceSession(config, this.ports, this, this.flow)
    this.sessions.set(config.id, session)
    this.recent.addSource(config.id, session.counters)
    this.didChangeSource.fire(session.view())
    if (this.readingHolders.size > 0) session.holdReading(true)
    if (this.mayConnect(config.id)) session.start()
    else session.disconnect()
    return session.view()
  }

  removeSource(id: string): void {
    const session = this.session(id)
    session.dispose()
    this.sessions.delete(id)
    this.recent.removeSource(id)
    this.rates.forget(id)
    this.released(session.settings.url)
    this.didRemoveSource.fire({ id })
  }

  connect(id: string): SourceView {
    const session = this.session(id)
    if (!this.mayConnect(id))
      throw new VigilError('conflict', `source "${id}" is held by another host of the cluster`)
    session.connect()
    return session.view()
  }

  /** Retry now: a reconnecting, stale or failed source dials at once (`conflict` otherwise). */
  retry(id: string): SourceView {
    const session = this.session(id)
    const refusal = retryRefusal(session.settings.name, session.currentState)
    if (refusal !== null) throw new VigilError('conflict', refusal)
    session.retryNow()
    return session.view()
  }

  /** The source's last state changes with time and reason, newest first. */
  timeline(id: string): SourceTimelineEntry[] {
    return this.session(id).timelineEntries()
  }

  disconnect(id: string): SourceView {
    const session = this.session(id)
    session.disconnect()
    return session.view()
  }

  /**
   * Disconnects every source that is connected or trying to be (the tray's "Pause all"). A paused
   * source stays `closed` until resumed or connected by hand; its settings are untouched.
   */
  pauseAll(): SourceView[] {
    for (const session of this.sessions.values())
      if (!INACTIVE_STATES.has(session.view().state)) session.disconnect()
    return this.list()
  }

  /** Connects every enabled source that is not active: the undo of `pauseAll`. */
  resumeAll(): SourceView[] {
    for (const session of this.sessions.values()) {
      const { enabled, state } = session.view()
      if (enabled && INACTIVE_STATES.has(state) && this.mayConnect(session.settings.id))
        session.connect()
    }
    return this.list()
  }

  /**
   * Backpressure: every source stops reading its socket until each holder has let go (see
   * SourceSession.holdReading). One holder today: history, while its backlog is over budget.
   */
  holdReading(holder: string): void {
    const first = this.readingHolders.size === 0
    this.readingHolders.add(holder)
    if (first) for (const session of this.sessions.values()) session.holdReading(true)
  }

  releaseReading(holder: string): void {
    if (!this.readingHolders.delete(holder) || this.readingHolders.size > 0) return
    for (const session of this.sessions.values()) session.holdReading(false)
  }

  /** Events of a source that history will not have: counted on the source. */
  countNotStored(sourceId: string, reason: NotStoredReason, count: number): void {
    const session = this.sessions.get(sourceId)
    if (!session) return
    session.countNotStored(reason, count)
    this.batcher.touch(sourceId)
  }

  /** A new byte budget for each source's recent events; what no longer fits goes at once. */
  setRecentBudget(bytesPerSource: number): void {
    this.recent.setBudget(bytesPerSource)
  }

  /**
   * An event of Vigil's own (the `vigil` source): it takes the same path as any event, so
   * triggers, history and the UI see it. Its size is its payload's JSON (there is no frame).
   */
  alert(type: VigilAlertType, payload: object): void {
    const size = JSON.stringify(payload).length
    this.flow.ingest(VIGIL_SOURCE_ID, type, payload, this.clock.now(), size)
  }

  send(id: string, text: string): SendReceipt {
    return this.session(id).send(text)
  }

  // ---- SessionHost: what the sessions report (never per event) --------------------------------

  rolledBack(_session: SourceSession, rejected: SourceConfig, restored: SourceConfig): void {
    if (rejected.url !== restored.url) this.released(rejected.url)
    this.didRollBack.fire({ rejected, restored })
  }

  changed(session: SourceSession): void {
    this.didChangeSource.fire(session.view())
  }

  touched(session: SourceSession): void {
    this.batcher.touch(session.id)
  }

  /**
   * A secret was stored or changed: sources that use it and are waiting to retry (perhaps backed
   * off hard after a refused login) try again now instead of at their next retry, and an attempt
   * in flight (connecting, or waiting for its login reply) starts over, since it carries the old
   * value and would otherwise be refused or wait out its timeout first.
   */
  secretChanged(ref: string): void {
    for (const session of this.sessions.values()) {
      const retry = SECRET_RETRY_STATES.has(session.currentState)
      if (retry && sourceSecretRefs(session.settings).includes(ref)) session.connect('secret')
    }
  }

  list(): SourceView[] {
    const now = this.clock.now()
    return [...this.sessions.values()].map((session) => session.view(now))
  }

  view(id: string): SourceView {
    return this.session(id).view()
  }

  has(id: string): boolean {
    return this.sessions.has(id)
  }

  /** Recent events newest first, across sources or for one, from the in-memory buffers. */
  recentEvents(query: EventQuery = {}): VigilEvent[] {
    return this.recent.newest(query)
  }

  /** Sends pending UI batches now (used at shutdown and by tests). */
  flush(): void {
    this.batcher.flush()
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.rates.dispose()
    for (const session of this.sessions.values()) session.dispose()
    this.sessions.clear()
    this.batcher.dispose()
    this.flow.dispose()
    for (const emitter of [
      this.didChangeSource,
      this.didRemoveSource,
      this.didBatch,
      this.didRollBack,
    ]) {
      emitter.dispose()
    }
  }

  /** A source stopped using `url`: the resolver may let it go once no other source uses it. */
  private released(url: string): void {
    for (const session of this.sessions.values()) if (session.settings.url === url) return
    this.options.releaseUrl?.(url)
  }

  private statsFor(ids: Iterable<string>): SourceStats[] {
    const now = this.clock.now()
    const stats: SourceStats[] = []
    for (const id of ids) {
      const session = this.sessions.get(id)
      if (session) stats.push(session.stats(now))
    }
    return stats
  }

  /**
   * In a cluster, only the sources this host holds connect upstream: `gate` says which. Call
   * `regate` when what it answers changes.
   */
  setConnectGate(gate: ((id: string) => boolean) | null): void {
    this.connectGate = gate
  }

  /** Leases changed hands: sources gained connect (if enabled), sources lost close at once. */
  regate(change: { gained: readonly string[]; lost: readonly string[] }): void {
    for (const id of change.lost) {
      const session = this.sessions.get(id)
      if (session && !this.mayConnect(id)) this.closeGated(session)
    }
    for (const id of change.gained) {
      const session = this.sessions.get(id)
      if (!session || !this.mayConnect(id)) continue
      const { enabled, state } = session.view()
      if (enabled && INACTIVE_STATES.has(state)) session.connect()
    }
  }

  /**
   * An event of a source another cluster host holds: it takes this host's path to the UI, the
   * recent buffers and history (EventFlow.ingestRemote), counted on the source.
   */
  ingestRemote(
    remote: { sourceId: string; type: string; receivedAt: number; payload: unknown },
    bytes: number,
  ): void {
    const session = this.sessions.get(remote.sourceId)
    if (!session || this.disposed) return
    session.countRemoteEvent()
    this.flow.ingestRemote(remote.sourceId, remote.type, remote.payload, remote.receivedAt, bytes)
  }

  private mayConnect(id: string): boolean {
    return this.connectGate === null || this.connectGate(id)
  }

  private closeGated(session: SourceSession): void {
    if (!INACTIVE_STATES.has(session.currentState)) session.disconnect()
  }

  private session(id: string): SourceSession {
    const session = this.sessions.get(id)
    if (!session) throw new VigilError('not-found', `no source with id "${id}"`)
    return session
  }

  private assertLive(): void {
    if (this.disposed) throw new VigilError('unavailable', 'the monitor has been shut down')
  }
}
