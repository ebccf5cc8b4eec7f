/**
 * Stored events: the hot-path recorder (an array push per event), the rows each write batch
 * carries, and searches, which run on the SQLite thread after the writes queued before them.
 */

import type { DatabaseSync } from 'node:sqlite'
import type { EventQuery, VigilEvent } from '../../../shared/domain'
import type { EventPage } from '../../../shared/history'
import { eventSearchQuery, type EventRow } from './event-query'
import type { SqlValue, WriteOp } from './sqlite-protocol'
import type { SqliteThread } from './sqlite-thread'
import type { WriteContributor, WriteQueue } from './write-queue'

const INSERT_EVENT =
  'INSERT OR IGNORE INTO events (id, source_id, type, received_at, payload) VALUES (?, ?, ?, ?, ?)'
// Kept so that numbering continues after a restart even when retention has deleted every event.
const SAVE_LAST_ID =
  "INSERT INTO meta (key, value) VALUES ('last_event_id', ?) " +
  'ON CONFLICT (key) DO UPDATE SET value = excluded.value'

export interface EventStoreOptions {
  /** Events held in memory for the next batches before new ones are dropped (and counted). */
  maxPending?: number
  /** Rows per batch; a larger backlog goes out in several batches back to back. */
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
      "SELECT max(coalesce((SELECT max(id) FROM events), 0), coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_event_id'), 0)) AS last",
    )
    .get() as { last: number }
  return Number(row.last)
}

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
    const rows: SqlValue[][] = new Array(batch.length)
    let lastId = 0
    for (let i = 0; i < batch.length; i++) {
      const event = batch[i]!
      rows[i] = [
        event.id,
        event.sourceId,
        event.type,
        event.receivedAt,
        JSON.stringify(event.payload),
      ]
      if (event.id > lastId) lastId = event.id
    }
    this.inBatch.set(seq, batch.length)
    return [
      { sql: INSERT_EVENT, rows },
      { sql: SAVE_LAST_ID, rows: [[String(lastId)]] },
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

  /** Newest first; sees every event recorded before the call. */
  async search(query: EventQuery): Promise<EventPage> {
    const limit = query.limit ?? 100
    void this.queue.flush()
    const { sql, params } = eventSearchQuery(query, limit)
    const rows = await this.thread.query<EventRow>(sql, params)
    const events = rows.map(toEvent)
    return { events, next: rows.length === limit ? rows.at(-1)!.id : null }
  }
}

export function toEvent(row: EventRow): VigilEvent {
  return {
    id: Number(row.id),
    sourceId: row.source_id,
    type: row.type,
    receivedAt: Number(row.received_at),
    payload: JSON.parse(row.payload) as unknown,
  }
}
