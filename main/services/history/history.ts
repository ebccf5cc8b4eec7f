/**
 * History: what Vigil saw and did, kept in SQLite across restarts. Events, notifications, trigger
 * firings and counters, and the field catalogue are written in batches on a worker thread
 * (write-queue.ts); the engine's own connection serves the small synchronous reads the trigger
 * ports need, and each export streams from a read-only connection of its own (history-export.ts).
 * See docs/user-guide.md, "History", for the file and its retention.
 */

import { join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import type { Readable } from 'node:stream'
import type { EventQuery } from '../../../shared/domain'
import type { EventPage, ExportRequest, ExportResult } from '../../../shared/history'
import type {
  HistoryFailingPayload,
  HistoryRecoveredPayload,
  HistoryStatus,
  NotStoredReason,
} from '../../../shared/history-status'
import { DEFAULT_MAX_HISTORY_MB, DEFAULT_RETENTION_DAYS } from '../../../shared/preference-defaults'
import type { HistoryPreferences } from '../../../shared/preferences'
import type { FieldCatalogue } from '../catalogue/field-catalogue'
import { systemClock, type Clock, type TimerHandle } from '../util/clock'
import { consoleLogger, type Logger } from '../util/logger'
import { Emitter } from '../../../shared/utils/emitter'
import { CatalogueWriter, loadCatalogue } from './catalogue-persistence'
import { EventStore, lastStoredEventId, type EventStoreOptions } from './event-store'
import { HistoryHealth } from './history-health'
import { exportStream, exportToFile, type ExportProgress } from './history-export'
import { BUSY_TIMEOUT_MS, openHistoryDatabase } from './history-db'
import { SqliteNotificationLog } from './notification-store'
import { enforceRetention, type RetentionPolicy, type RetentionReport } from './retention'
import type { WorkerData } from './sqlite-protocol'
import { SqliteThread } from './sqlite-thread'
import { SqliteCounterStore, SqliteFiringLog } from './trigger-stores'
import { WriteQueue } from './write-queue'
import { errorText } from '../../../shared/utils/error-text'

/** The worker module beside this file; built apps pass `out/main/sqlite-worker.js` instead. */
export const SOURCE_WORKER_PATH = join(import.meta.dirname, 'sqlite-worker.ts')

export interface HistoryOptions {
  /** The database file. */
  path: string
  /** The SQLite worker module (default: the source file, for tests and tsx). */
  workerPath?: string
  retention?: RetentionPolicy
  clock?: Clock
  logger?: Logger
  flushIntervalMs?: number
  /** How often retention runs (default every minute; the first run 10 s after opening). */
  retentionIntervalMs?: number
  events?: EventStoreOptions
  /** Makes the SQLite thread (tests inject a slow or blocked one). */
  thread?: (workerPath: string, data: WorkerData) => SqliteThread
}

/** Events of one source that will not be in history, and why. */
export interface NotStoredCount {
  sourceId: string
  reason: NotStoredReason
  count: number
}

export interface HistoryStats {
  events: ReturnType<EventStore['stats']>
  firingsDropped: number
  notificationsDropped: number
  failedBatches: number
}

export class History {
  readonly notifications: SqliteNotificationLog
  readonly firings: SqliteFiringLog
  readonly counters: SqliteCounterStore
  readonly events: EventStore
  /** The largest event id stored when history was opened: the next run numbers after it. */
  readonly lastEventId: number
  private readonly queue: WriteQueue
  private readonly clock: Clock
  private readonly logger: Logger
  private policy: RetentionPolicy
  private retentionTimer: TimerHandle | undefined
  private retentionRun: Promise<RetentionReport | null> = Promise.resolve(null)
  private catalogueWriter: CatalogueWriter | undefined
  private closing: Promise<void> | undefined
  private readonly health: HistoryHealth
  private behind = false
  private holding = false
  private whenBehind: HistoryPreferences['whenBehind']
  private readonly didChangeStatus = new Emitter<HistoryStatus>()
  private readonly didNotStore = new Emitter<NotStoredCount>()
  private readonly didHold = new Emitter<boolean>()
  private readonly didFail = new Emitter<HistoryFailingPayload>()
  private readonly didRecover = new Emitter<HistoryRecoveredPayload>()
  /** The state changed (ok, behind, failing): worth telling the UI at once. */
  readonly onDidChangeStatus = this.didChangeStatus.event
  /** Events that will not be in history (their source's counters hear of it). */
  readonly onDidNotStore = this.didNotStore.event
  /**
   * True: history is behind and `whenBehind` is `slow-sources`, so the sources should stop being
   * read until it fires false (the backlog drained to half its budget).
   */
  readonly onDidChangeHold = this.didHold.event
  /** A failing episode began (once per episode). */
  readonly onDidFail = this.didFail.event
  readonly onDidRecover = this.didRecover.event

  private constructor(
    readonly path: string,
    private readonly db: DatabaseSync,
    private readonly thread: SqliteThread,
    private readonly options: HistoryOptions,
  ) {
    this.clock = options.clock ?? systemClock
    this.logger = options.logger ?? consoleLogger
    this.policy = options.retention ?? {
      retentionDays: DEFAULT_RETENTION_DAYS,
      maxSizeMb: DEFAULT_MAX_HISTORY_MB,
    }
    this.queue = new WriteQueue(thread, {
      clock: this.clock,
      logger: this.logger,
      outcome: (failure, retry) => this.health.outcome(failure, retry),
      ...(options.flushIntervalMs !== undefined ? { intervalMs: options.flushIntervalMs } : {}),
    })
    this.lastEventId = lastStoredEventId(db)
    this.whenBehind = options.events?.whenBehind ?? 'slow-sources'
    this.events = new EventStore(thread, this.queue, options.events, {
      notStored: (sourceId, reason, count) => this.didNotStore.fire({ sourceId, reason, count }),
      behind: (behind) => {
        this.behind = behind
        this.changed()
      },
    })
    this.health = new HistoryHealth(this.clock, this.logger, this.queue, this.events, {
      failing: (payload) => {
        this.changed()
        this.didFail.fire(payload)
      },
      recovered: (payload) => {
        this.changed()
        this.didRecover.fire(payload)
      },
    })
    this.notifications = new SqliteNotificationLog(db)
    this.firings = new SqliteFiringLog()
    this.counters = new SqliteCounterStore(db, this.clock)
    for (const contributor of [this.events, this.notifications, this.firings, this.counters]) {
      this.queue.add(contributor)
    }
    this.queue.start()
    this.scheduleRetention(10_000)
  }

  static open(options: HistoryOptions): History {
    const logger = options.logger ?? consoleLogger
    const opened = openHistoryDatabase(options.path)
    if (opened.movedAside) {
      logger.warn(
        `${options.path} was not a usable database; it was moved to ${opened.movedAside} and a new history started`,
      )
    }
    const makeThread = options.thread ?? ((path, data) => new SqliteThread(path, data))
    const thread = makeThread(options.workerPath ?? SOURCE_WORKER_PATH, {
      path: options.path,
      busyTimeoutMs: BUSY_TIMEOUT_MS,
    })
    return new History(options.path, opened.db, thread, options)
  }

  status(): HistoryStatus {
    const { written, backlogBytes, notStored, notStoredByReason } = this.events.stats()
    return {
      state: this.health.failing ? 'failing' : this.behind ? 'behind' : 'ok',
      stored: written,
      notStored,
      notStoredByReason,
      backlogBytes,
      lastError: this.health.lastError,
      failingSince: this.health.since,
    }
  }

  /** The backlog's budget and what happens past it (preferences.history); applies at once. */
  setBudget(preferences: Pick<HistoryPreferences, 'backlogMb' | 'whenBehind'>): void {
    this.whenBehind = preferences.whenBehind
    this.events.configure(preferences.backlogMb * 1024 * 1024, preferences.whenBehind)
    this.changed()
  }

  /** Restores the catalogue saved by earlier runs and keeps saving it. */
  persistCatalogue(catalogue: FieldCatalogue): void {
    catalogue.restore(loadCatalogue(this.db))
    this.catalogueWriter = new CatalogueWriter(catalogue, this.clock)
    this.queue.add(this.catalogueWriter)
  }

  search(query: EventQuery): Promise<EventPage> {
    return this.events.search(query)
  }

  /** Resolves when everything recorded so far is committed. */
  flush(): Promise<void> {
    return this.queue.flush()
  }

  /** A stream of the export; what was recorded before the call is included. */
  async exportStream(request: ExportRequest, progress?: ExportProgress): Promise<Readable> {
    await this.flush()
    return exportStream(this.path, request, progress)
  }

  async exportToFile(request: ExportRequest, path: string): Promise<ExportResult> {
    await this.flush()
    return exportToFile(this.path, request, path)
  }

  setRetention(policy: RetentionPolicy): void {
    const changed =
      policy.retentionDays !== this.policy.retentionDays ||
      policy.maxSizeMb !== this.policy.maxSizeMb
    this.policy = policy
    if (changed) this.scheduleRetention(0)
  }

  /** Runs retention now (after any run in progress); the timer keeps its own schedule. */
  runRetention(): Promise<RetentionReport | null> {
    this.retentionRun = this.retentionRun.then(async () => {
      if (this.closing) return null
      try {
        const report = await enforceRetention(this.thread, this.policy, this.clock.now(), {
          shouldStop: () => this.closing !== undefined,
        })
        const { events, notifications, firings } = report.deleted
        if (events + notifications + firings > 0) {
          this.logger.info(
            `history retention removed ${events} events, ${notifications} notifications, ${firings} firings`,
          )
        }
        return report
      } catch (error) {
        if (!this.closing) this.logger.error(`history retention failed: ${errorText(error)}`)
        return null
      }
    })
    return this.retentionRun
  }

  stats(): HistoryStats {
    return {
      events: this.events.stats(),
      firingsDropped: this.firings.dropped,
      notificationsDropped: this.notifications.dropped,
      failedBatches: this.queue.failedBatches,
    }
  }

  /** Writes everything pending, then closes the thread and the file. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.clock.clearTimeout(this.retentionTimer)
      await this.retentionRun
      if (this.catalogueWriter) this.catalogueWriter.force = true
      await this.queue.close()
      await this.thread.close()
      this.db.close()
      for (const emitter of [
        this.didChangeStatus,
        this.didNotStore,
        this.didHold,
        this.didFail,
        this.didRecover,
      ])
        emitter.dispose()
    })()
    return this.closing
  }

  /** The state may have changed: tell the UI, and the sources whether to wait. */
  private changed(): void {
    const hold = this.behind && this.whenBehind === 'slow-sources' && !this.health.failing
    if (hold !== this.holding) {
      this.holding = hold
      this.didHold.fire(hold)
    }
    this.didChangeStatus.fire(this.status())
  }

  private scheduleRetention(delayMs: number): void {
    this.clock.clearTimeout(this.retentionTimer)
    this.retentionTimer = this.clock.setTimeout(() => {
      void this.runRetention().then(() => {
        if (!this.closing) this.scheduleRetention(this.options.retentionIntervalMs ?? 60_000)
      })
    }, delayMs)
  }
}
