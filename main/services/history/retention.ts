/**
 * Retention: rows older than the age limit go, then, while the database is over its size limit,
 * the oldest history goes by time across events, notifications and firings alike: each round
 * picks a cut time no later than the oldest chunk of any kind and deletes every kind up to it.
 * Whichever kind takes the space is what shrinks, and all three end at about the same time, so a
 * database filled by notifications is not left over its limit after losing every event.
 *
 * Every delete is a small chunk in its own transaction, so write batches interleave with them on
 * the SQLite thread and ingestion never waits for a cleanup. Freed pages are given back to the
 * file system a chunk at a time (incremental vacuum).
 */

import type { HistoryPreferences } from '../../../shared/preferences'
import type { SqliteThread } from './sqlite-thread'

export type RetentionPolicy = Pick<HistoryPreferences, 'retentionDays' | 'maxSizeMb'>

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

/** What one `incremental_vacuum` step gives back (2,000 pages of 4 KiB). */
const VACUUM_STEP_BYTES = 8_192_000

const PAGE_INFO = 'SELECT id, count, length(events) AS bytes, last_at FROM event_pages'

interface PageCounts {
  page_count: number
  freelist_count: number
  page_size: number
}

export async function databaseSize(
  thread: SqliteThread,
): Promise<{ used: number; free: number; pageSize: number }> {
  const [row] = await thread.query<PageCounts>(
    'SELECT page_count, freelist_count, page_size FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()',
  )
  const pageSize = Number(row!.page_size)
  return {
    used: (Number(row!.page_count) - Number(row!.freelist_count)) * pageSize,
    free: Number(row!.freelist_count) * pageSize,
    pageSize,
  }
}

/**
 * One round of size trimming: everything up to a cut time goes, at most a chunk of each kind.
 * The cut is the earliest of: the newest of the oldest event pages whose text adds up to the
 * excess (at least one), and the time of the chunk-th oldest notification and firing (or the
 * newest, when there are fewer). So the kind holding the oldest history sets the pace, nothing
 * newer than what one chunk of any kind reaches goes, and each round deletes at least one row
 * while any is left.
 */
async function trimOldest(
  thread: SqliteThread,
  excess: number,
  chunk: number,
  pageChunk: number,
): Promise<RetentionReport['deleted']> {
  // In the order of the delete below (the last_at index holds the id too), so the pages that
  // go are always a prefix of these.
  const oldest = await thread.query<PageInfo>(`${PAGE_INFO} ORDER BY last_at, id LIMIT ?`, [
    pageChunk,
  ])
  const pages: PageInfo[] = []
  let bytes = 0
  for (const page of oldest) {
    if (bytes >= excess) break
    pages.push(page)
    bytes += Number(page.bytes)
  }
  const cuts = pages.length > 0 ? [Number(pages.at(-1)!.last_at)] : []
  for (const { table, time } of AGED) {
    // Table and column names come from the constant above, never from input.
    const [row] = await thread.query<{ at: number | null }>(
      `SELECT max(${time}) AS at FROM (SELECT ${time} FROM ${table} ORDER BY ${time} LIMIT ?)`,
      [chunk],
    )
    if (row?.at !== null && row?.at !== undefined) cuts.push(Number(row.at))
  }
  const deleted = { events: 0, notifications: 0, firings: 0 }
  if (cuts.length === 0) return deleted
  const until = Math.min(...cuts)

  deleted.events = await deletePages(
    thread,
    pages.filter((page) => Number(page.last_at) <= until),
  )
  for (const { table, time } of AGED) {
    deleted[table] = await thread.write([
      {
        sql: `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${time} <= ? ORDER BY ${time} LIMIT ?)`,
        rows: [[until, chunk]],
      },
    ])
  }
  return deleted
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
    const round = await trimOldest(thread, size.used - maxBytes, chunk, pageChunk)
    deleted.events += round.events
    deleted.notifications += round.notifications
    deleted.firings += round.firings
    size = await databaseSize(thread)
    if (round.events + round.notifications + round.firings === 0) break
  }

  // About 8 MB a step whatever the file's page size, so the thread is never held long.
  const vacuumPages = options.vacuumPages ?? Math.ceil(VACUUM_STEP_BYTES / size.pageSize)
  while (size.free > 0 && !stop()) {
    await thread.exec(`PRAGMA incremental_vacuum(${Number(vacuumPages)})`)
    const after = await databaseSize(thread)
    if (after.free >= size.free) break
    size = after
  }
  return { deleted, sizeBytes: size.used }
}
