import { describe, expect, it } from 'vitest'
import type { HistoryFailingPayload, HistoryRecoveredPayload } from '../../../shared/history-status'
import { waitFor } from '../testing/test-server'
import type { Logger } from '../util/logger'
import type { History } from './history'
import { useHistoryFixture } from './testing/history-fixture'

const h = useHistoryFixture()

/**
 * A full disk, made by SQLite itself: with `max_page_count` at the file's current size, a write
 * that needs one more page fails with SQLITE_FULL ("database or disk is full"), exactly as when
 * the file system has no room, and SQLite rolls the transaction back on its own.
 */
async function fillDisk(history: History): Promise<void> {
  const thread = h.threadOf(history)
  const [row] = await thread.query<{ page_count: number }>('PRAGMA page_count')
  await thread.exec(`PRAGMA max_page_count = ${row!.page_count}`)
}

const freeDisk = (history: History) =>
  h.threadOf(history).exec('PRAGMA max_page_count = 1073741823')

function recordingLogger() {
  const lines: string[] = []
  const logger: Logger = {
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (message) => lines.push(`error ${message}`),
  }
  return { lines, logger }
}

// Larger than two of a new file's pages (NEW_FILE_PAGE_SIZE), so storing it needs a page more.
const fat = { text: 'x'.repeat(40_000) }

describe('History on a full disk', () => {
  it('reports one episode with its real cause, counts what it cannot store, and recovers by itself', async () => {
    const { lines, logger } = recordingLogger()
    const history = h.open({ logger })
    const failing: HistoryFailingPayload[] = []
    const recovered: HistoryRecoveredPayload[] = []
    history.onDidFail((payload) => failing.push(payload))
    history.onDidRecover((payload) => recovered.push(payload))
    history.events.record(h.event(1))
    await history.flush()
    await fillDisk(history)

    for (let id = 2; id <= 101; id++) history.events.record(h.event(id, { payload: fat }), 4_000)
    h.clock.advance(100)
    await waitFor(() => history.status().state === 'failing', 'history to fail')
    const since = h.clock.now()
    expect(history.status()).toMatchObject({
      state: 'failing',
      stored: 1,
      notStored: 100,
      notStoredByReason: { 'disk-full': 100 },
      backlogBytes: 0,
      lastError: { reason: 'disk-full', message: 'database or disk is full', at: since },
      failingSince: since,
    })
    expect(failing).toEqual([{ reason: 'disk-full', message: 'database or disk is full', since }])

    // While failing, events are counted, not held in memory; retries come further and further
    // apart and say nothing more.
    for (let id = 102; id <= 151; id++) history.events.record(h.event(id, { payload: fat }), 4_000)
    expect(history.stats().events).toMatchObject({ pending: 0, backlogBytes: 0, notStored: 150 })
    for (const delay of [1_000, 2_000, 4_000, 8_000]) {
      const failed = history.stats().failedBatches
      h.clock.advance(delay)
      await waitFor(() => history.stats().failedBatches > failed, `the retry after ${delay} ms`)
    }
    expect(failing).toHaveLength(1)
    expect(lines.filter((line) => line.startsWith('error'))).toEqual([
      'error history cannot be written (disk-full: database or disk is full); events are ' +
        'counted as not stored until it can, and Vigil keeps trying',
    ])
    expect(lines.join('\n')).not.toMatch(/rollback/i)

    await freeDisk(history)
    h.clock.advance(16_000)
    await waitFor(() => history.status().state === 'ok', 'history to recover')
    expect(recovered).toEqual([{ reason: 'disk-full', since, notStored: 150 }])
    expect(lines.at(-1)).toMatch(/^info history is being written again after 31 s \(disk-full\)/)

    // Back to normal: new events are stored, and the episode stays on record.
    history.events.record(h.event(152, { payload: fat }), 4_000)
    await history.flush()
    expect(h.query<{ id: number }>('SELECT id FROM events ORDER BY id')).toEqual([
      { id: 1 },
      { id: 152 },
    ])
    expect(history.status()).toMatchObject({
      state: 'ok',
      stored: 2,
      notStored: 150,
      lastError: { reason: 'disk-full' },
      failingSince: null,
    })
  })

  it('keeps notifications waiting while the disk is full and writes them once it is not', async () => {
    const history = h.open()
    history.events.record(h.event(1))
    await history.flush()
    await fillDisk(history)
    history.events.record(h.event(2, { payload: fat }), 4_000)
    h.clock.advance(100)
    await waitFor(() => history.status().state === 'failing', 'history to fail')
    const notification = history.notifications.add({
      triggerId: 't',
      eventId: 2,
      sourceId: 'ps2',
      title: 'while full',
      body: 'x'.repeat(8_000),
      urgency: 'normal',
      firedAt: h.clock.now(),
    })
    h.clock.advance(1_000)
    await waitFor(() => history.stats().failedBatches >= 2, 'a retry')
    expect(history.notifications.list().map((n) => n.id)).toEqual([notification.id])

    await freeDisk(history)
    h.clock.advance(2_000)
    await waitFor(() => history.status().state === 'ok', 'history to recover')
    await history.flush()
    expect(h.query('SELECT title FROM notifications')).toEqual([{ title: 'while full' }])
  })

  it('reports a write error that is not a full disk as such', async () => {
    const history = h.open()
    await history.flush()
    // A read-only connection for the writer: every write fails, for a reason other than room.
    await h.threadOf(history).exec('PRAGMA query_only = 1')
    history.events.record(h.event(1), 100)
    h.clock.advance(100)
    await waitFor(() => history.status().state === 'failing', 'history to fail')
    expect(history.status()).toMatchObject({
      notStoredByReason: { 'write-error': 1 },
      lastError: { reason: 'write-error', message: expect.stringMatching(/readonly/) },
    })
    await h.threadOf(history).exec('PRAGMA query_only = 0')
    h.clock.advance(1_000)
    await waitFor(() => history.status().state === 'ok', 'history to recover')
  })
})
