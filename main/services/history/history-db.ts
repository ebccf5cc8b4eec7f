/**
 * Opens the history database file for the engine's own (reading) connection: WAL mode, the
 * schema migrated, and a file that is not a database (or is damaged beyond use) moved aside under
 * a timestamped name and replaced with a fresh one, so history never stops Vigil from starting.
 */

import { closeSync, existsSync, mkdirSync, openSync, renameSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { migrateHistory, NewerHistoryError, type Migration } from './schema'

export const BUSY_TIMEOUT_MS = 5_000
// Keeps the WAL file from staying large after a burst; it is truncated to this at checkpoints.
const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024
/**
 * The page size of a new file (SQLite's default is 4 KiB). Event pages are rows of 100 KB and
 * more, each stored as a chain of overflow pages and written to the WAL a page (one write) at a
 * time: 16 KiB pages halve the SQLite thread's kernel and SQLite time per event
 * (docs/performance.md). A file keeps the page size it was made with.
 */
export const NEW_FILE_PAGE_SIZE = 16_384

export interface OpenedHistory {
  db: DatabaseSync
  /** Where an unusable file was moved to, or null. */
  movedAside: string | null
  /** The schema version the file had (0 for a new file). */
  migratedFrom: number
}

export function openHistoryDatabase(
  path: string,
  options: { now?: () => Date; migrations?: readonly Migration[] } = {},
): OpenedHistory {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  try {
    return { ...prepare(path, options.migrations), movedAside: null }
  } catch (error) {
    if (!isUnusableFile(error)) throw error
    const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-')
    const movedAside = `${path}.corrupt-${stamp}`
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(path + suffix)) renameSync(path + suffix, movedAside + suffix)
    }
    return { ...prepare(path, options.migrations), movedAside }
  }
}

function prepare(
  path: string,
  migrations: readonly Migration[] | undefined,
): { db: DatabaseSync; migratedFrom: number } {
  // History holds what remote servers sent, which may be private: owner-only, like the config.
  // SQLite gives the -wal and -shm files the main file's permissions.
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600))
  const db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS })
  try {
    const pages = db.prepare('PRAGMA page_count').get() as { page_count: number }
    // Only a file with no tables yet can choose its vacuum mode; incremental lets retention give
    // freed pages back to the file system a little at a time instead of in one long VACUUM.
    if (Number(pages.page_count) === 0) {
      db.exec(`PRAGMA page_size = ${NEW_FILE_PAGE_SIZE}`)
      db.exec('PRAGMA auto_vacuum = INCREMENTAL')
    }
    db.exec('PRAGMA journal_mode = WAL')
    db.exec('PRAGMA synchronous = NORMAL')
    db.exec(`PRAGMA journal_size_limit = ${JOURNAL_SIZE_LIMIT}`)
    const migratedFrom = migrateHistory(db, migrations)
    // Fails fast on a damaged file here rather than on the first query later.
    db.prepare('SELECT count(*) FROM sqlite_schema').get()
    return { db, migratedFrom }
  } catch (error) {
    db.close()
    throw error
  }
}

const SQLITE_CORRUPT = 11
const SQLITE_NOTADB = 26

function isUnusableFile(error: unknown): boolean {
  if (error instanceof NewerHistoryError) return false
  const code = (error as { errcode?: number }).errcode
  return code === SQLITE_CORRUPT || code === SQLITE_NOTADB
}
