/**
 * Retention: rows older than the age limit go, then the oldest events and firings go while the
 * database is over its size limit. Every delete is a small chunk in its own transaction, so write
 * batches interleave with them on the SQLite thread and ingestion never waits for a cleanup.
 * Freed pages are given back to the file system a chunk at a time (incremental vacuum).
 */

import type { HistoryPreferences } from '../../../shared/preferences'
import type { SqliteThread } from './sqlite-thread'

export type RetentionPolicy = HistoryPreferences

export interface RetentionReport {
  deleted: { events: number; notifications: number; firings: number }
  /** Used bytes (pages holding data) after the run. */
  sizeBytes: number
}

export interface RetentionOptions {
  chunkRows?: number
  /** Pages given back to the file system per vacuum step. */
  vacuumPages?: number
  /** Checked between chunks: a run stops early when history is closing. */
  shouldStop?: () => boolean
}

const DAY_MS = 86_400_000

const AGED: readonly { table: 'events' | 'notifications' | 'firings'; time: string }[] = [
  { table: 'events', time: 'received_at' },
  { table: 'notifications', time: 'fired_at' },
  { table: 'firings', time: 'at' },
]

interface PageCounts {
  page_count: number
  freelist_count: number
  page_size: number
}

export async function databaseSize(thread: SqliteThread): Promise<{ used: number; free: number }> {
  const [row] = await thread.query<PageCounts>(
    'SELECT page_count, freelist_count, page_size FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()',
  )
  const pageSize = Number(row!.page_size)
  return {
    used: (Number(row!.page_count) - Number(row!.freelist_count)) * pageSize,
    free: Number(row!.freelist_count) * pageSize,
  }
}

export async function enforceRetention(
  thread: SqliteThread,
  policy: RetentionPolicy,
  now: number,
  options: RetentionOptions = {},
): Promise<RetentionReport> {
  const chunk = options.chunkRows ?? 2_000
  const stop = options.shouldStop ?? (() => false)
  const deleted = { events: 0, notifications: 0, firings: 0 }

  const cutoff = now - policy.retentionDays * DAY_MS
  for (const { table, time } of AGED) {
    for (;;) {
      // Table and column names come from the constant above, never from input.
      const changes = await thread.write([
        {
          sql: `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${time} < ? ORDER BY ${time} LIMIT ?)`,
          rows: [[cutoff, chunk]],
        },
      ])
      deleted[table] += changes
      if (changes < chunk || stop()) break
    }
  }

  const maxBytes = policy.maxSizeMb * 1024 * 1024
  let size = await databaseSize(thread)
  while (size.used > maxBytes && !stop()) {
    let changes = 0
    for (const table of ['events', 'firings'] as const) {
      const removed = await thread.write([
        {
          sql: `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} ORDER BY id LIMIT ?)`,
          rows: [[chunk]],
        },
      ])
      deleted[table] += removed
      changes += removed
    }
    size = await databaseSize(thread)
    if (changes === 0) break
  }

  const vacuumPages = options.vacuumPages ?? 2_000
  while (size.free > 0 && !stop()) {
    await thread.exec(`PRAGMA incremental_vacuum(${Number(vacuumPages)})`)
    const after = await databaseSize(thread)
    if (after.free >= size.free) break
    size = after
  }
  return { deleted, sizeBytes: size.used }
}
