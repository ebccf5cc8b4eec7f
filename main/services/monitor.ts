/**
 * The Monitor owns the sources: it runs one SourceSession per configured source, stamps every
 * classified event with its id, keeps the bounded recent-events buffers, and fans events out to
 * its subscribers (the UI batcher here; triggers and history subscribe the same way).
 */

import type { SourceConfig } from '../../shared/source-config'
import type {
  EventBatch,
  EventQuery,
  SourceStats,
  SourceView,
  VigilEvent,
} from '../../shared/domain'
import { BATCH_INTERVAL_MS, MAX_EVENTS_PER_BATCH } from '../../shared/ipc'
import { VigilError } from '../../shared/result'
import { EventBatcher } from './events/event-batcher'
import { RingBuffer } from './events/ring-buffer'
import { SourceSession } from './sources/source-session'
import type { SocketFactory } from './sources/socket-factory'
import { systemClock, type Clock, type TimerHandle } from './util/clock'
import { Emitter } from './util/emitter'

export interface MonitorOptions {
  socketFactory: SocketFactory
  resolveUrl?: (url: string) => Promise<string>
  clock?: Clock
  /** Recent events kept in memory per source, for live views and backtests. */
  recentPerSource?: number
  /** First event id of this run (history continues numbering after what it has stored). */
  firstEventId?: number
  random?: () => number
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

export class Monitor {
  private readonly entries = new Map<string, SourceEntry>()
  private readonly clock: Clock
  private readonly batcher: EventBatcher
  private readonly recentPerSource: number
  private nextEventId: number
  private rateTimer: TimerHandle | undefined
  private readonly lastRates = new Map<string, number>()
  private disposed = false

  private readonly didReceiveEvent = new Emitter<VigilEvent>()
  private readonly didChangeSource = new Emitter<SourceView>()
  private readonly didRemoveSource = new Emitter<{ id: string }>()
  private readonly didBatch = new Emitter<EventBatch>()
  private readonly didReceiveFrame = new Emitter<RawFrame>()

  /** Every event, synchronously, on the hot path: listeners must be cheap. */
  readonly onDidReceiveEvent = this.didReceiveEvent.event
  readonly onDidChangeSource = this.didChangeSource.event
  readonly onDidRemoveSource = this.didRemoveSource.event
  /** Events and counters coalesced for the UI, at most every BATCH_INTERVAL_MS. */
  readonly onDidBatch = this.didBatch.event
  /** Every raw frame, synchronously, on the hot path; costs nothing while nobody listens. */
  readonly onDidReceiveFrame = this.didReceiveFrame.event

  constructor(private readonly options: MonitorOptions) {
    this.clock = options.clock ?? systemClock
    this.recentPerSource = options.recentPerSource ?? 5_000
    this.nextEventId = options.firstEventId ?? 1
    this.batcher = new EventBatcher({
      clock: this.clock,
      intervalMs: BATCH_INTERVAL_MS,
      maxEvents: MAX_EVENTS_PER_BATCH,
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
      if (JSON.stringify(existing.session.settings) !== JSON.stringify(config))
        existing.session.update(config)
      return existing.session.view()
    }
    const session = new SourceSession(config, {
      clock: this.clock,
      socketFactory: this.options.socketFactory,
      resolveUrl: this.options.resolveUrl ?? identity,
      ingest: (sourceId, type, payload, receivedAt) =>
        this.ingest(sourceId, type, payload, receivedAt),
      changed: (changed) => this.didChangeSource.fire(changed.view()),
      touched: (touched) => this.batcher.touch(touched.id),
      frame: (sourceId, data, binary, receivedAt) => {
        if (this.didReceiveFrame.hasListeners)
          this.didReceiveFrame.fire({ sourceId, data, binary, receivedAt })
      },
      ...(this.options.random ? { random: this.options.random } : {}),
    })
    this.entries.set(config.id, { session, recent: new RingBuffer(this.recentPerSource) })
    this.didChangeSource.fire(session.view())
    session.start()
    return session.view()
  }

  removeSource(id: string): void {
    const entry = this.entry(id)
    entry.session.dispose()
    this.entries.delete(id)
    this.lastRates.delete(id)
    this.didRemoveSource.fire({ id })
  }

  connect(id: string): SourceView {
    const { session } = this.entry(id)
    session.connect()
    return session.view()
  }

  disconnect(id: string): SourceView {
    const { session } = this.entry(id)
    session.disconnect()
    return session.view()
  }

  send(id: string, text: string): void {
    this.entry(id).session.send(text)
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
    if (query.source !== undefined) {
      const entry = this.entries.get(query.source)
      return entry ? entry.recent.newest(limit, filter) : []
    }
    // Each buffer is newest-first already; merging by id keeps the global order.
    const lists = [...this.entries.values()].map(({ recent }) => recent.newest(limit, filter))
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
      this.didReceiveFrame,
    ]) {
      emitter.dispose()
    }
  }

  private ingest(sourceId: string, type: string, payload: unknown, receivedAt: number): void {
    const entry = this.entries.get(sourceId)
    if (!entry) return
    const event: VigilEvent = { id: this.nextEventId++, sourceId, type, receivedAt, payload }
    if (entry.recent.push(event)) entry.session.counters.evicted++
    this.batcher.add(event)
    this.didReceiveEvent.fire(event)
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

  private entry(id: string): SourceEntry {
    const entry = this.entries.get(id)
    if (!entry) throw new VigilError('not-found', `no source with id "${id}"`)
    return entry
  }

  private assertLive(): void {
    if (this.disposed) throw new VigilError('unavailable', 'the monitor has been shut down')
  }
}
