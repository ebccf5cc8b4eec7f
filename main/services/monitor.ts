/**
 * The Monitor owns the sources: it runs one SourceSession per configured source, stamps every
 * classified event with its id, keeps the bounded recent-events buffers, and fans events out to
 * its subscribers (the UI batcher here; triggers and history subscribe the same way).
 */

import { sourceSecretRefs, type SourceConfig } from '../../shared/source-config'
import { VIGIL_SOURCE_ID } from '../../shared/source-ids'
import type {
  EventBatch,
  EventQuery,
  SendReceipt,
  SourceState,
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
import { EventBatcher } from './events/event-batcher'
import { RingBuffer } from './events/ring-buffer'
import { MemorySecretStore, type SecretStore } from './secrets/secret-store'
import { retryRefusal } from './sources/retry-schedule'
import { SourceSession } from './sources/source-session'
import type { SocketFactory } from './sources/socket-factory'
import { systemClock, type Clock, type TimerHandle } from './util/clock'
import { Emitter } from '../../shared/utils/emitter'
import { jsonEqual } from '../../shared/utils/json-equal'
import { silentLogger, type Logger } from './util/logger'

export interface MonitorOptions {
  socketFactory: SocketFactory
  resolveUrl?: (url: string) => Promise<string>
  /**
   * A configured URL that no source uses any more (its source removed, or moved to another URL):
   * whatever `resolveUrl` started for it alone (a replay's playback) can be let go.
   */
  releaseUrl?: (url: string) => void
  clock?: Clock
  /** Recent events kept in memory per source, for live views and backtests: at most this many... */
  recentPerSource?: number
  /** ...and at most this many bytes of frames as received (preferences.memory.recentEventsMb). */
  recentBytesPerSource?: number
  /** First event id of this run (history continues numbering after what it has stored). */
  firstEventId?: number
  random?: () => number
  /** Where source credentials are read at connect time (default: in memory). */
  secrets?: SecretStore
  logger?: Logger
}

/** A live settings change a source could not open with, and the settings it went back to. */
export interface SourceRollback {
  rejected: SourceConfig
  restored: SourceConfig
}

/** A frame exactly as a source received it, before classification. */
export interface RawFrame {
  sourceId: string
  data: Buffer
  binary: boolean
  receivedAt: number
}

interface SourceEntry {
  session: SourceSession
  recent: RingBuffer<VigilEvent>
}

const identity = (url: string) => Promise.resolve(url)

const MIB = 1024 * 1024

/** Vigil's own alerts kept in memory (they are rare: one per outage and recovery). */
const VIGIL_RECENT = 1_000

/** States in which a source has no working connection yet and would use a new secret. */
const SECRET_RETRY_STATES: ReadonlySet<SourceState> = new Set([
  'connecting',
  'authenticating',
  'reconnecting',
  'stale',
  'failed',
])

/** States in which a source neither holds nor seeks a connection. */
const INACTIVE_STATES: ReadonlySet<SourceState> = new Set(['idle', 'closed'])

export class Monitor {
  private readonly entries = new Map<string, SourceEntry>()
  private readonly clock: Clock
  private readonly batcher: EventBatcher
  private readonly recentPerSource: number
  private recentBytes: number
  private nextEventId: number
  private rateTimer: TimerHandle | undefined
  private readonly lastRates = new Map<string, number>()
  private disposed = false
  private readonly secrets: SecretStore
  private readonly vigilRecent = new RingBuffer<VigilEvent>(VIGIL_RECENT)
  /** Who has asked the sources to stop reading (history, when behind). */
  private readonly readingHolders = new Set<string>()

  private readonly didReceiveEvent = new Emitter<VigilEvent, number>()
  private readonly didChangeSource = new Emitter<SourceView>()
  private readonly didRemoveSource = new Emitter<{ id: string }>()
  private readonly didBatch = new Emitter<EventBatch>()
  private readonly didRollBack = new Emitter<SourceRollback>()
  private readonly didReceiveFrame = new Emitter<RawFrame>()
  private readonly didReceiveRemoteEvent = new Emitter<VigilEvent, number>()
  /** In a cluster: may this host connect the source (does it hold it)? Null: every source. */
  private connectGate: ((id: string) => boolean) | null = null

  /**
   * Every event, synchronously, on the hot path: listeners must be cheap. The second argument is
   * the event's size for memory budgets: its share of the bytes of the frame it came in.
   */
  readonly onDidReceiveEvent = this.didReceiveEvent.event
  readonly onDidChangeSource = this.didChangeSource.event
  readonly onDidRemoveSource = this.didRemoveSource.event
  /** Events and counters coalesced for the UI, at most every BATCH_INTERVAL_MS. */
  readonly onDidBatch = this.didBatch.event
  /** A source went back to its previous settings because the new ones did not open. */
  readonly onDidRollBackSource = this.didRollBack.event
  /** Every raw frame, synchronously, on the hot path; costs nothing while nobody listens. */
  readonly onDidReceiveFrame = this.didReceiveFrame.event
  /**
   * An event another cluster host ingested (see `ingestRemote`): shown and stored here like any,
   * but not evaluated, since triggers run on the source's holder only.
   */
  readonly onDidReceiveRemoteEvent = this.didReceiveRemoteEvent.event

  constructor(private readonly options: MonitorOptions) {
    this.clock = options.clock ?? systemClock
    this.recentPerSource = options.recentPerSource ?? 5_000
    this.recentBytes = options.recentBytesPerSource ?? DEFAULT_RECENT_EVENTS_MB * MIB
    this.nextEventId = options.firstEventId ?? 1
    this.secrets = options.secrets ?? new MemorySecretStore()
    this.batcher = new EventBatcher({
      clock: this.clock,
      intervalMs: BATCH_INTERVAL_MS,
      maxEvents: MAX_EVENTS_PER_BATCH,
      maxBytes: MAX_BATCH_BYTES,
      stats: (ids) => this.statsFor(ids),
      deliver: (batch) => this.didBatch.fire(batch),
    })
    this.watchRates()
  }

  /** Brings the running sources in line with `configs`: adds, updates and removes. */
  setSources(configs: readonly SourceConfig[]): void {
    const wanted = new Set(configs.map((config) => config.id))
    for (const id of [...this.entries.keys()]) if (!wanted.has(id)) this.removeSource(id)
    for (const config of configs) this.upsertSource(config)
  }

  upsertSource(config: SourceConfig): SourceView {
    this.assertLive()
    const existing = this.entries.get(config.id)
    if (existing) {
      const before = existing.session.settings.url
      // Key order is no change: settings saved as they were keep their session as it is.
      if (!jsonEqual(existing.session.settings, config)) existing.session.update(config)
      // An edit may (re)connect; a source another host holds stays closed. The dial is
      // asynchronous, so closing in the same turn opens no socket.
      if (!this.mayConnect(config.id)) this.closeGated(existing.session)
      if (config.url !== before) this.released(before)
      return existing.session.view()
    }
    const session = new SourceSession(config, {
      clock: this.clock,
      socketFactory: this.options.socketFactory,
      resolveUrl: this.options.resolveUrl ?? identity,
      secrets: this.secrets,
      logger: this.options.logger ?? silentLogger,
      ingest: (sourceId, type, payload, receivedAt, bytes) =>
        this.ingest(sourceId, type, payload, receivedAt, bytes),
      alert: (type, payload) => this.alert(type, payload),
      rolledBack: (_session, rejected, restored) => {
        if (rejected.url !== restored.url) this.released(rejected.url)
        this.didRollBack.fire({ rejected, restored })
      },
      changed: (changed) => this.didChangeSource.fire(changed.view()),
      touched: (touched) => this.batcher.touch(touched.id),
      frame: (sourceId, data, binary, receivedAt) => {
        if (this.didReceiveFrame.hasListeners)
          this.didReceiveFrame.fire({ sourceId, data, binary, receivedAt })
      },
      ...(this.options.random ? { random: this.options.random } : {}),
    })
    this.entries.set(config.id, {
      session,
      recent: new RingBuffer(this.recentPerSource, this.recentBytes),
    })
    this.didChangeSource.fire(session.view())
    if (this.readingHolders.size > 0) session.holdReading(true)
    if (this.mayConnect(config.id)) session.start()
    else session.disconnect()
    return session.view()
  }

  removeSource(id: string): void {
    const entry = this.entry(id)
    entry.session.dispose()
    this.entries.delete(id)
    this.lastRates.delete(id)
    this.released(entry.session.settings.url)
    this.didRemoveSource.fire({ id })
  }

  connect(id: string): SourceView {
    const { session } = this.entry(id)
    if (!this.mayConnect(id))
      throw new VigilError('conflict', `source "${id}" is held by another host of the cluster`)
    session.connect()
    return session.view()
  }

  /** Retry now: a reconnecting, stale or failed source dials at once (`conflict` otherwise). */
  retry(id: string): SourceView {
    const { session } = this.entry(id)
    const refusal = retryRefusal(session.settings.name, session.currentState)
    if (refusal !== null) throw new VigilError('conflict', refusal)
    session.retryNow()
    return session.view()
  }

  /** The source's last state changes with time and reason, newest first. */
  timeline(id: string): SourceTimelineEntry[] {
    return this.entry(id).session.timelineEntries()
  }

  disconnect(id: string): SourceView {
    const { session } = this.entry(id)
    session.disconnect()
    return session.view()
  }

  /**
   * Disconnects every source that is connected or trying to be (the tray's "Pause all"). A paused
   * source stays `closed` until resumed or connected by hand; its settings are untouched.
   */
  pauseAll(): SourceView[] {
    for (const { session } of this.entries.values())
      if (!INACTIVE_STATES.has(session.view().state)) session.disconnect()
    return this.list()
  }

  /** Connects every enabled source that is not active: the undo of `pauseAll`. */
  resumeAll(): SourceView[] {
    for (const { session } of this.entries.values()) {
      const { id, enabled, state } = session.view()
      if (enabled && INACTIVE_STATES.has(state) && this.mayConnect(id)) session.connect()
    }
    return this.list()
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
      const entry = this.entries.get(id)
      if (entry && !this.mayConnect(id)) this.closeGated(entry.session)
    }
    for (const id of change.gained) {
      const session = this.entries.get(id)?.session
      if (!session || !this.mayConnect(id)) continue
      const { enabled, state } = session.view()
      if (enabled && INACTIVE_STATES.has(state)) session.connect()
    }
  }

  /**
   * An event of a source another cluster host holds: it takes this host's path to the UI, the
   * recent buffers and history (`onDidReceiveRemoteEvent`), with an id of this host's numbering.
   */
  ingestRemote(
    remote: { sourceId: string; type: string; receivedAt: number; payload: unknown },
    bytes: number,
  ): void {
    const entry = this.entries.get(remote.sourceId)
    if (!entry || this.disposed) return
    const event: VigilEvent = { id: this.nextEventId++, ...pickEvent(remote) }
    entry.session.countRemoteEvent()
    const evicted = entry.recent.push(event, bytes)
    if (evicted > 0) entry.session.counters.evicted += evicted
    this.batcher.add(event, bytes)
    this.didReceiveRemoteEvent.fire(event, bytes)
  }

  /**
   * Backpressure: every source stops reading its socket until each holder has let go (see
   * SourceSession.holdReading). One holder today: history, while its backlog is over budget.
   */
  holdReading(holder: string): void {
    const first = this.readingHolders.size === 0
    this.readingHolders.add(holder)
    if (first) for (const { session } of this.entries.values()) session.holdReading(true)
  }

  releaseReading(holder: string): void {
    if (!this.readingHolders.delete(holder) || this.readingHolders.size > 0) return
    for (const { session } of this.entries.values()) session.holdReading(false)
  }

  /** Events of a source that history will not have: counted on the source. */
  countNotStored(sourceId: string, reason: NotStoredReason, count: number): void {
    const entry = this.entries.get(sourceId)
    if (!entry) return
    entry.session.countNotStored(reason, count)
    this.batcher.touch(sourceId)
  }

  /** A new byte budget for each source's recent events; what no longer fits goes at once. */
  setRecentBudget(bytesPerSource: number): void {
    this.recentBytes = bytesPerSource
    for (const { session, recent } of this.entries.values()) {
      const evicted = recent.setMaxBytes(bytesPerSource)
      if (evicted > 0) session.counters.evicted += evicted
    }
  }

  /**
   * An event of Vigil's own (the `vigil` source): it takes the same path as any event, so
   * triggers, history and the UI see it. Its size is its payload's JSON (there is no frame).
   */
  alert(type: VigilAlertType, payload: object): void {
    this.ingest(VIGIL_SOURCE_ID, type, payload, this.clock.now(), JSON.stringify(payload).length)
  }

  send(id: string, text: string): SendReceipt {
    return this.entry(id).session.send(text)
  }

  /**
   * A secret was stored or changed: sources that use it and are waiting to retry (perhaps backed
   * off hard after a refused login) try again now instead of at their next retry, and an attempt
   * in flight (connecting, or waiting for its login reply) starts over, since it carries the old
   * value and would otherwise be refused or wait out its timeout first.
   */
  secretChanged(ref: string): void {
    for (const { session } of this.entries.values()) {
      const retry = SECRET_RETRY_STATES.has(session.currentState)
      if (retry && sourceSecretRefs(session.settings).includes(ref)) session.connect('secret')
    }
  }

  list(): SourceView[] {
    const now = this.clock.now()
    return [...this.entries.values()].map(({ session }) => session.view(now))
  }

  view(id: string): SourceView {
    return this.entry(id).session.view()
  }

  has(id: string): boolean {
    return this.entries.has(id)
  }

  /** Recent events newest first, across sources or for one, from the in-memory buffers. */
  recentEvents(query: EventQuery = {}): VigilEvent[] {
    const limit = query.limit ?? 100
    const filter =
      query.type === undefined ? undefined : (event: VigilEvent) => event.type === query.type
    if (query.source === VIGIL_SOURCE_ID) return this.vigilRecent.newest(limit, filter)
    if (query.source !== undefined) {
      const entry = this.entries.get(query.source)
      return entry ? entry.recent.newest(limit, filter) : []
    }
    // Each buffer is newest-first already; merging by id keeps the global order.
    const buffers = [this.vigilRecent, ...[...this.entries.values()].map(({ recent }) => recent)]
    const lists = buffers.map((recent) => recent.newest(limit, filter))
    return lists
      .flat()
      .sort((a, b) => b.id - a.id)
      .slice(0, limit)
  }

  /** Sends pending UI batches now (used at shutdown and by tests). */
  flush(): void {
    this.batcher.flush()
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.clock.clearTimeout(this.rateTimer)
    for (const { session } of this.entries.values()) session.dispose()
    this.entries.clear()
    this.batcher.dispose()
    for (const emitter of [
      this.didReceiveEvent,
      this.didChangeSource,
      this.didRemoveSource,
      this.didBatch,
      this.didRollBack,
      this.didReceiveFrame,
      this.didReceiveRemoteEvent,
    ]) {
      emitter.dispose()
    }
  }

  /** A source stopped using `url`: the resolver may let it go once no other source uses it. */
  private released(url: string): void {
    for (const { session } of this.entries.values()) if (session.settings.url === url) return
    this.options.releaseUrl?.(url)
  }

  private ingest(
    sourceId: string,
    type: string,
    payload: unknown,
    receivedAt: number,
    bytes: number,
  ): void {
    const entry = this.entries.get(sourceId)
    const recent = entry?.recent ?? (sourceId === VIGIL_SOURCE_ID ? this.vigilRecent : undefined)
    if (!recent || this.disposed) return
    const event: VigilEvent = { id: this.nextEventId++, sourceId, type, receivedAt, payload }
    const evicted = recent.push(event, bytes)
    if (evicted > 0 && entry) entry.session.counters.evicted += evicted
    this.batcher.add(event, bytes)
    this.didReceiveEvent.fire(event, bytes)
  }

  private statsFor(ids: Iterable<string>): SourceStats[] {
    const now = this.clock.now()
    const stats: SourceStats[] = []
    for (const id of ids) {
      const entry = this.entries.get(id)
      if (entry) stats.push(entry.session.stats(now))
    }
    return stats
  }

  /**
   * Once a second, sources whose rate changed ride the next batch, so a stream that stops shows
   * 0/s without the UI polling. Quiet sources cost nothing.
   */
  private watchRates(): void {
    this.rateTimer = this.clock.setTimeout(() => {
      const now = this.clock.now()
      for (const [id, { session }] of this.entries) {
        const rate = session.rateNow(now)
        if (rate !== (this.lastRates.get(id) ?? 0)) {
          this.lastRates.set(id, rate)
          this.batcher.touch(id)
        }
      }
      if (!this.disposed) this.watchRates()
    }, 1_000)
  }

  private mayConnect(id: string): boolean {
    return this.connectGate === null || this.connectGate(id)
  }

  private closeGated(session: SourceSession): void {
    if (!INACTIVE_STATES.has(session.currentState)) session.disconnect()
  }

  private entry(id: string): SourceEntry {
    const entry = this.entries.get(id)
    if (!entry) throw new VigilError('not-found', `no source with id "${id}"`)
    return entry
  }

  private assertLive(): void {
    if (this.disposed) throw new VigilError('unavailable', 'the monitor has been shut down')
  }
}

/** Exactly an event's fields: what a remote host sent may carry more. */
function pickEvent(remote: {
  sourceId: string
  type: string
  receivedAt: number
  payload: unknown
}) {
  const { sourceId, type, receivedAt, payload } = remote
  return { sourceId, type, receivedAt, payload }
}
