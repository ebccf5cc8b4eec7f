/**
 * A History in a fresh temporary directory for each test, closed and removed after it: register
 * it in a test file with `const temp = useTempHistory('prefix')` and call `temp.open()` (again to
 * reopen the same file, as after a restart).
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { History } from '../history/history'
import { silentLogger } from '../util/logger'
import { ManualClock } from './manual-clock'

export interface TempHistory {
  open(): History
  /** The database file of the current test. */
  readonly path: string
}

export function useTempHistory(prefix: string): TempHistory {
  let dir = ''
  let path = ''
  const opened: History[] = []
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), `vigil-${prefix}-`))
    path = join(dir, 'history.sqlite')
  })
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((history) => history.close()))
    await rm(dir, { recursive: true, force: true })
  })
  return {
    open() {
      const history = History.open({
        path,
        clock: new ManualClock(),
        logger: silentLogger,
        retentionIntervalMs: 3_600_000,
      })
      opened.push(history)
      return history
    },
    get path() {
      return path
    },
  }
}
