/**
 * Stored events: the hot-path recorder (array pushes per event), the backlog's byte budget, the
 * batches handed to the SQLite thread, which builds their pages (event-pages.ts), and searches,
 * which run on the SQLite thread after the writes queued before them. Every event received is
 * either committed or counted as not stored, by reason (shared/history-status.ts): none is lost
 * without a count.
 */

import type { DatabaseSync } from 'node:sqlite'
import type { EventQuery, VigilEvent } from '../../../shared/domain'
import type { EventPage } from '../../../shared/history'
import type { HistoryFailure, NotStoredReason } from '../../../shared/history-status'
import { DEFAULT_BACKLOG_MB, type WhenBehind } from '../../../shared/preference-defaults'
import type { EventRecorder } from '../event-flow'
import type { PayloadPlace } from '../presets/preset'
import { countBySource, eventColumns, PendingEvents, type ColumnBatch } from './pending-events'
import { INSERT_PAGE } from './event-pages'
import { eventWhere, pageWhere, type Where } from './event-query'
import type { WriteOp } from './sqlite-protocol'
import type { SqliteThread } from './sqlite-thread'
import type { WriteContributor, WriteQueue } from './write-queue'

// Kept so that numbering continues after a restart even when retention has deleted every event.
const SAVE_LAST_ID =
  "INSERT INTO meta (key, value) VALUES ('last_event_id', ?) " +
  'ON CONFLICT (key) DO UPDATE SET value = excluded.value'

export interface EventStoreOptions {
  /**
   * Bytes of frames (as received) waiting for the disk or being written, past which history is
   * behind (preferences.history.backlogMb). It catches up once the backlog is down to half.
   */
  backlogBytes?: number
  /** What happens to events past the budget (preferences.history.whenBehind). */
  whenBehind?: WhenBehind
  /** Events per batch (and so per block); a larger backlog goes out in several batches. */
  batchRows?: number
  /** Bytes per batch, likewise (at least one event per batch, whatever its size). */
  batchBytes?: number
}

/** What the store tells its owner (History). */
export interface EventStoreHooks {
  /** Events of `sourceId` that will not be in history. Called on the hot path while failing. */
  notStored(sourceId: string, reason: NotStoredReason, count: number): void
  /** The backlog went over its budget (true) or drained to half of it (false). */
  behind(behind: boolean): void
}

export interface EventStoreStats {
  /** Committed to the database. */
  written: number
  /** Waiting for a batch or in one not yet committed. */
  pending: number
  /** Their bytes, as received. */
  backlogBytes: number
  /** Received but not stored, in all and by reason. */
  notStored: number
  notStoredByReason: Partial<Record<NotStoredReason, number>>
}

export function lastStoredEventId(db: DatabaseSync): number {
  const row = db
    .prepare(
      'SELECT max(' +
        'coalesce((SELECT max(last_id) FROM event_pages WHERE block = (SELECT max(block) FROM event_pages)), 0), ' +
        "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_event_id'), 0)) AS last",
    )
    .get() as { last: number }
  return Number(row.last)
}

/** Blocks fetched per round of a search: few at first (common terms), more when matches are rare. */
const FIRST_ROUND_BLOCKS = 2
const MAX_ROUND_BLOCKS = 256

const MIB = 1024 * 1024
/**
 * A batch's bytes at most. The SQLite thread runs with a small young generation (8 MB,
 * sqlite-thread.ts), and a batch's texts and the pages built from them must die young there:
 * batches of 10,000 flood events (about 2 MB) outlived its scavenges and were copied, promoted
 * and marked, which cost the thread 1.0-1.2 s of collection per 10 s run against 0.3 s in batches
 * of 1 MiB (about 5,000 events), and the thread's time bounded the pipeline with history
 * (docs/performance.md, "History's batches"). Smaller still, commits cost more than they save.
 */
const MAX_BATCH_BYTES = MIB

/** A batch on its way to the disk: what to count when it settles. */
interface InFlight {
  count: number
  bytes: number
  /** Events per source, for the counters of a batch that fails. */
  bySource: Map<string, number>
}

export class EventStore implements WriteContributor, EventRecorder {
  /** Recorded, not yet in a batch (as columns: see pending-events.ts). */
  private readonly pending = new PendingEvents()
  private inFlightBytes = 0
  private inFlightCount = 0
  private readonly inBatch = new Map<number, InFlight>()
  private written = 0
  private readonly lost: Partial<Record<NotStoredReason, number>> = {}
  private budget: number
  private whenBehind: WhenBehind
  private readonly batchRows: number
  private readonly batchBytes: number
  private isBehind = false
  /** While history is failing: why; new events are counted as not stored instead of kept. */
  private refusing: HistoryFailure | null = null

  constructor(
    private readonly thread: SqliteThread,
    private readonly queue: WriteQueue,
    options: EventStoreOptions = {},
    private readonly hooks: EventStoreHooks = { notStored: () => {}, behind: () => {} },
  ) {
    this.budget = options.backlogBytes ?? DEFAULT_BACKLOG_MB * MIB
    this.whenBehind = options.whenBehind ?? 'slow-sources'
    this.batchRows = options.batchRows ?? 10_000
    // Batches in flight (the write queue sends up to 4) take a quarter of the budget at most, so
    // the backlog's own events keep most of it.
    this.batchBytes =
      options.batchBytes ?? Math.min(MAX_BATCH_BYTES, Math.max(64 * 1024, this.budget / 16))
  }

  /**
   * Hot path: a few pushes. Serialising and writing happen later, on the SQLite thread. `bytes` is
   * the event's share of its frame as received (see SourceReader); `text` is that frame's text,
   * and `place` where the payload lies in it (see event-pages.ts). Without them, the payload is
   * serialised when its batch is sent.
   */
  readonly record = (event: VigilEvent, bytes = 0, text?: string, place?: PayloadPlace): void => {
    if (this.refusing !== null) return this.lose(event.sourceId, this.refusing, 1)
    const held = this.pending.bytes + this.inFlightBytes
    // Past the limit an event is left out, unless nothing is waiting (one event larger than the
    // whole budget is still stored). With `slow-sources` the limit is twice the budget: the
    // sources stop being read at the budget, and only what was already read arrives past it.
    const limit = this.whenBehind === 'skip-history' ? this.budget : 2 * this.budget
    if (held + bytes > limit && held > 0) {
      this.setBehind(true)
      return this.lose(event.sourceId, 'behind', 1)
    }
    this.pending.push(event, bytes, text, place)
    if (held + bytes > this.budget) this.setBehind(true)
    if (this.hasMore()) this.queue.wake()
  }

  /** New budget settings (a config change); takes effect with the next event. */
  configure(backlogBytes: number, whenBehind: WhenBehind): void {
    this.budget = backlogBytes
    this.whenBehind = whenBehind
    this.checkCaughtUp()
  }

  /**
   * History is failing (`reason`), or works again (null). While failing, what waits is counted
   * as not stored and dropped, and so is every new event, so memory does not fill with events
   * the disk cannot take; the backlog is then empty and no source is held back.
   */
  refuse(reason: HistoryFailure | null): void {
    this.refusing = reason
    if (reason === null || this.pending.length === 0) return
    for (const [sourceId, count] of this.pending.clear()) this.lose(sourceId, reason, count)
    this.checkCaughtUp()
  }

  get backlogBytes(): number {
    return this.pending.bytes + this.inFlightBytes
  }

  drain(seq: number): WriteOp[] {
    if (this.pending.length === 0) return []
    const { count, bytes } = this.pending.fit(this.batchRows, this.batchBytes)
    const batch = this.pending.take(count, bytes)
    this.inFlightBytes += bytes
    this.inFlightCount += count
    const flight: InFlight = { count, bytes, bySource: new Map() }
    this.inBatch.set(seq, flight)
    let columns: ColumnBatch
    try {
      columns = eventColumns(batch)
    } catch (error) {
      flight.bySource = countBySource(batch.sources)
      throw error
    }
    flight.bySource = columns.bySource
    return [
      { sql: INSERT_PAGE, events: columns.columns },
      { sql: SAVE_LAST_ID, rows: [[String(batch.ids.at(-1)!)]] },
    ]
  }

  /** A full batch is waiting (it goes at once rather than at the next interval). */
  hasMore(): boolean {
    return this.pending.length >= this.batchRows || this.pending.bytes >= this.batchBytes
  }

  settled(seq: number, ok: boolean, failure: HistoryFailure = 'write-error'): void {
    const flight = this.inBatch.get(seq)
    if (flight === undefined) return
    this.inBatch.delete(seq)
    this.inFlightBytes -= flight.bytes
    this.inFlightCount -= flight.count
    if (ok) this.written += flight.count
    else for (const [sourceId, count] of flight.bySource) this.lose(sourceId, failure, count)
    this.checkCaughtUp()
  }

  stats(): EventStoreStats {
    let notStored = 0
    for (const count of Object.values(this.lost)) notStored += count
    return {
      written: this.written,
      pending: this.pending.length + this.inFlightCount,
      backlogBytes: this.backlogBytes,
      notStored,
      notStoredByReason: { ...this.lost },
    }
  }

  private lose(sourceId: string, reason: NotStoredReason, count: number): void {
    this.lost[reason] = (this.lost[reason] ?? 0) + count
    this.hooks.notStored(sourceId, reason, count)
  }

  private setBehind(behind: boolean): void {
    if (this.isBehind === behind) return
    this.isBehind = behind
    this.hooks.behind(behind)
  }

  /** Behind until the backlog is down to half its budget (hysteresis: no pause/resume flutter). */
  private checkCaughtUp(): void {
    if (this.isBehind && this.backlogBytes <= this.budget / 2) this.setBehind(false)
  }

  /**
   * Newest first; sees every event recorded before the call. Each round picks the next few
   * blocks holding a candidate page, then lets SQLite open those pages (json_each) and test each
   * event, so only matches come back. Blocks never overlap, so block order then id order is the
   * global order.
   */
  async search(query: EventQuery): Promise<EventPage> {
    const limit = query.limit ?? 100
    void this.queue.flush()
    const pages = pageWhere(query)
    const inJoin = pageWhere(query, 'p')
    const events = eventWhere(query)
    const found: VigilEvent[] = []
    let below = Number.MAX_SAFE_INTEGER
    let blocks = FIRST_ROUND_BLOCKS
    while (found.length < limit) {
      const candidates = await this.thread.query<{ block: number }>(
        `SELECT DISTINCT block FROM event_pages${pages.sql}${pages.sql ? ' AND' : ' WHERE'} block < ? ` +
          'ORDER BY block DESC LIMIT ?',
        [...pages.params, below, blocks],
      )
      if (candidates.length === 0) break
      const rows = await this.thread.query<SearchRow>(
        'SELECT p.source_id, p.type, e.value ->> 0 AS id, e.value ->> 1 AS received_at, ' +
          'e.value -> 2 AS payload FROM event_pages AS p, json_each(p.events) AS e ' +
          `WHERE p.block IN (SELECT value FROM json_each(?))${and(inJoin)}${and(events)} ` +
          'ORDER BY p.block DESC, e.value ->> 0 DESC LIMIT ?',
        [
          JSON.stringify(candidates.map((c) => c.block)),
          ...inJoin.params,
          ...events.params,
          limit - found.length,
        ],
      )
      for (const row of rows) {
        found.push({
          id: Number(row.id),
          sourceId: row.source_id,
          type: row.type,
          receivedAt: Number(row.received_at),
          payload: JSON.parse(row.payload) as unknown,
        })
      }
      below = candidates.at(-1)!.block
      blocks = Math.min(blocks * 4, MAX_ROUND_BLOCKS)
    }
    return { events: found, next: found.length === limit ? found.at(-1)!.id : null }
  }
}

/** A Where's conditions appended to a WHERE clause that already has one. */
function and(where: Where): string {
  return where.sql.replace(/^ WHERE /, ' AND ')
}

interface SearchRow {
  source_id: string
  type: string
  id: number
  received_at: number
  payload: string
}
