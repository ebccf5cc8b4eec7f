/**
 * Stored events: the hot-path recorder (an array push per event), the pages each write batch
 * carries (event-pages.ts), and searches, which run on the SQLite thread after the writes queued
 * before them.
 */

import type { DatabaseSync } from 'node:sqlite'
import type { EventQuery, VigilEvent } from '../../../shared/domain'
import type { EventPage } from '../../../shared/history'
import { encodePages, INSERT_PAGE } from './event-pages'
import { eventWhere, pageWhere, type Where } from './event-query'
import type { WriteOp } from './sqlite-protocol'
import type { SqliteThread } from './sqlite-thread'
import type { WriteContributor, WriteQueue } from './write-queue'

// Kept so that numbering continues after a restart even when retention has deleted every event.
const SAVE_LAST_ID =
  "INSERT INTO meta (key, value) VALUES ('last_event_id', ?) " +
  'ON CONFLICT (key) DO UPDATE SET value = excluded.value'

export interface EventStoreOptions {
  /** Events held in memory for the next batches before new ones are dropped (and counted). */
  maxPending?: number
  /** Events per batch (and so per block); a larger backlog goes out in several batches. */
  batchRows?: number
}

export interface EventStoreStats {
  /** Committed to the database. */
  written: number
  /** Waiting for a batch. */
  pending: number
  /** Not stored: memory was full because the disk fell behind, or a batch failed. */
  dropped: number
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

export class EventStore implements WriteContributor {
  private pending: VigilEvent[] = []
  private readonly inBatch = new Map<number, number>()
  private written = 0
  private dropped = 0
  private readonly maxPending: number
  private readonly batchRows: number

  constructor(
    private readonly thread: SqliteThread,
    private readonly queue: WriteQueue,
    options: EventStoreOptions = {},
  ) {
    this.maxPending = options.maxPending ?? 500_000
    this.batchRows = options.batchRows ?? 10_000
  }

  /** Hot path: one push. Serialising and writing happen later, in the batch. */
  readonly record = (event: VigilEvent): void => {
    if (this.pending.length >= this.maxPending) {
      this.dropped++
      return
    }
    this.pending.push(event)
  }

  drain(seq: number): WriteOp[] {
    if (this.pending.length === 0) return []
    const batch =
      this.pending.length <= this.batchRows ? this.pending : this.pending.slice(0, this.batchRows)
    this.pending = batch === this.pending ? [] : this.pending.slice(this.batchRows)
    this.inBatch.set(seq, batch.length)
    return [
      { sql: INSERT_PAGE, rows: encodePages(batch) },
      { sql: SAVE_LAST_ID, rows: [[String(batch.at(-1)!.id)]] },
    ]
  }

  hasMore(): boolean {
    return this.pending.length > this.batchRows
  }

  settled(seq: number, ok: boolean): void {
    const count = this.inBatch.get(seq)
    if (count === undefined) return
    this.inBatch.delete(seq)
    if (ok) this.written += count
    else this.dropped += count
  }

  stats(): EventStoreStats {
    let inFlight = 0
    for (const count of this.inBatch.values()) inFlight += count
    return { written: this.written, pending: this.pending.length + inFlight, dropped: this.dropped }
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
