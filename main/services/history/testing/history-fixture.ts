/**
 * What the History tests share: a fresh database path per test on a manual clock, histories
 * opened there (closed after the test), sample events, and reads of the file through a connection
 * of the test's own. Test-only.
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach } from 'vitest'
import type { VigilEvent } from '../../../../shared/domain'
import { ManualClock } from '../../testing/manual-clock'
import { silentLogger } from '../../util/logger'
import { History, type HistoryOptions } from '../history'
import type { SqliteThread } from '../sqlite-thread'

export interface HistoryFixture {
  readonly dir: string
  readonly path: string
  readonly clock: ManualClock
  /** Opens History on the test's file (retention out of the way unless asked for). */
  open(options?: Partial<HistoryOptions>): History
  /** Closes a history opened here before the test ends. */
  close(history: History): Promise<void>
  /** A Census-like death event at the clock's time. */
  event(id: number, extra?: Partial<VigilEvent>): VigilEvent
  /** Runs a read on a connection of the test's own. */
  query<T>(sql: string, ...params: (string | number)[]): T[]
  count(table: string): number
  /** The history's SQLite thread, for what only the writer's connection can do. */
  threadOf(history: History): SqliteThread
}

/** Registers the per-test set-up and clean-up; call once at the top of a test file. */
export function useHistoryFixture(): HistoryFixture {
  let dir = ''
  let clock = new ManualClock()
  const opened: History[] = []

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-history-'))
    clock = new ManualClock()
  })

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((history) => history.close()))
    await rm(dir, { recursive: true, force: true })
  })

  const fixture: HistoryFixture = {
    get dir() {
      return dir
    },
    get path() {
      return join(dir, 'history.sqlite')
    },
    get clock() {
      return clock
    },
    open(options = {}) {
      const history = History.open({
        path: fixture.path,
        clock,
        logger: silentLogger,
        retentionIntervalMs: 3_600_000,
        ...options,
      })
      opened.push(history)
      return history
    },
    async close(history) {
      opened.splice(opened.indexOf(history), 1)
      await history.close()
    },
    event(id, extra = {}) {
      return {
        id,
        sourceId: 'ps2',
        type: 'Death',
        receivedAt: clock.now(),
        payload: { character_id: String(5_428_000 + id), world_id: '1' },
        ...extra,
      }
    },
    query<T>(sql: string, ...params: (string | number)[]): T[] {
      const db = new DatabaseSync(fixture.path, { readOnly: true })
      try {
        return db.prepare(sql).all(...params) as T[]
      } finally {
        db.close()
      }
    },
    count: (table) => fixture.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)[0]!.n,
    threadOf: (history) => (history as unknown as { thread: SqliteThread }).thread,
  }
  return fixture
}
