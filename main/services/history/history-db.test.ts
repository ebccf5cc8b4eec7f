import { readdir, writeFile } from 'node:fs/promises'
import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { NEW_FILE_PAGE_SIZE, openHistoryDatabase } from './history-db'
import { HISTORY_MIGRATIONS, HISTORY_SCHEMA_VERSION } from './schema'
import { useHistoryFixture } from './testing/history-fixture'

const h = useHistoryFixture()

describe('History database file', () => {
  it('moves a file that is not a database aside and starts a new history', async () => {
    await writeFile(h.path, 'this is not a database '.repeat(100))
    const history = h.open()
    history.events.record(h.event(1))
    await history.flush()
    expect(h.count('events')).toBe(1)
    expect((await readdir(h.dir)).some((name) => name.startsWith('history.sqlite.corrupt-'))).toBe(
      true,
    )
  })

  it('refuses a database from a newer Vigil and leaves it untouched', async () => {
    await h.close(h.open())
    const db = new DatabaseSync(h.path)
    db.exec('PRAGMA user_version = 99')
    db.close()
    expect(() => h.open()).toThrow(/newer Vigil \(schema 99/)
    expect(h.query<{ user_version: number }>('PRAGMA user_version')[0]!.user_version).toBe(99)
  })

  it('applies later migrations to an existing file, once', () => {
    const first = openHistoryDatabase(h.path)
    first.db.close()
    const version = HISTORY_SCHEMA_VERSION + 1
    const next = [...HISTORY_MIGRATIONS, { version, sql: 'CREATE TABLE extra (x INTEGER)' }]
    const second = openHistoryDatabase(h.path, { migrations: next })
    expect(second.migratedFrom).toBe(HISTORY_SCHEMA_VERSION)
    second.db.close()
    const third = openHistoryDatabase(h.path, { migrations: next })
    expect(third.migratedFrom).toBe(version)
    third.db.close()
    expect(h.query('SELECT name FROM sqlite_schema WHERE name = ?', 'extra')).toHaveLength(1)
  })

  it('makes a new file with large pages and keeps the page size of an existing file', async () => {
    await h.close(h.open())
    expect(h.query<{ page_size: number }>('PRAGMA page_size')[0]!.page_size).toBe(
      NEW_FILE_PAGE_SIZE,
    )
    expect(NEW_FILE_PAGE_SIZE).toBeGreaterThan(4_096)

    const older = `${h.path}.old`
    const db = new DatabaseSync(older)
    db.exec('PRAGMA page_size = 4096')
    db.exec('PRAGMA journal_mode = WAL')
    db.exec('CREATE TABLE kept (x INTEGER)')
    db.close()
    const opened = openHistoryDatabase(older)
    const [row] = opened.db.prepare('PRAGMA page_size').all() as { page_size: number }[]
    opened.db.close()
    expect(row!.page_size).toBe(4_096)
  })
})
