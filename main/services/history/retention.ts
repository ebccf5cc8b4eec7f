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
  /** Events are deleted a page at a time (see event-pages.ts); the count is of events. */
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

const AGED: readonly { table: 'notifications' | 'firings'; time: string }[] = [
  { table: 'notifications', time: 'fired_at' },
  { table: 'firings', time: 'at' },
]

interface PageInfo {
  id: number
  count: number
  bytes: number
  last_at: number
}

/** Deletes these event pages; answers how many events they held. */
async function deletePages(thread: SqliteThread, pages: readonly PageInfo[]): Promise<number> {
  if (pages.length === 0) return 0
  await thread.write([
    {
      sql: 'DELETE FROM event_pages WHERE id IN (SELECT value FROM json_each(?))',
      rows: [[JSON.stringify(pages.map((page) => page.id))]],
    },
  ])
  return pages.reduce((sum, page) => sum + Number(page.count), 0)
}

const PAGE_INFO = 'SELECT id, count, length(events) AS bytes, last_at FROM event_pages'

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
  // Pages per delete: a page can hold a whole batch, so far fewer than rows.
  const pageChunk = Math.max(1, Math.ceil(chunk / 20))
  const stop = options.shouldStop ?? (() => false)
  const deleted = { events: 0, notifications: 0, firings: 0 }

  const cutoff = now - policy.retentionDays * DAY_MS
  // A page goes when its newest event is past the limit.
  for (;;) {
    const pages = await thread.query<PageInfo>(
      `${PAGE_INFO} WHERE last_at < ? ORDER BY last_at LIMIT ?`,
      [cutoff, pageChunk],
    )
    deleted.events += await deletePages(thread, pages)
    if (pages.length < pageChunk || stop()) break
  }
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
    // The oldest pages whose text adds up to the excess (at least one), and the firings up to
    // the newest of them, so both kinds of history end at about the same time.
    const excess = size.used - maxBytes
    const oldest = await thread.query<PageInfo>(`${PAGE_INFO} ORDER BY block, id LIMIT ?`, [
      pageChunk,
    ])
    const pages: PageInfo[] = []
    let bytes = 0
    for (const page of oldest) {
      if (bytes >= excess) break
      pages.push(page)
      bytes += Number(page.bytes)
    }
    deleted.events += await deletePages(thread, pages)
    const newest = Math.max(...pages.map((page) => Number(page.last_at)))
    const firings = await thread.write([
      pages.length > 0
        ? {
            sql: 'DELETE FROM firings WHERE id IN (SELECT id FROM firings WHERE at <= ? ORDER BY id LIMIT ?)',
            rows: [[newest, chunk]],
          }
        : {
            // No events left: the oldest firings go.
            sql: 'DELETE FROM firings WHERE id IN (SELECT id FROM firings ORDER BY id LIMIT ?)',
            rows: [[chunk]],
          },
    ])
    deleted.firings += firings
    size = await databaseSize(thread)
    if (pages.length === 0 && firings === 0) break
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
