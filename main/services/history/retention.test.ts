import { describe, expect, it } from 'vitest'
import type { History } from './history'
import { databaseSize, enforceRetention } from './retention'
import { useHistoryFixture } from './testing/history-fixture'

const h = useHistoryFixture()

describe('History retention', () => {
  const sizeOf = (history: History) => databaseSize(h.threadOf(history))
  const trimToTwoMegabytes = (history: History) =>
    enforceRetention(h.threadOf(history), { retentionDays: 30, maxSizeMb: 2 }, h.clock.now(), {
      chunkRows: 200,
    })

  it('removes events, notifications and firings older than the age limit', async () => {
    const history = h.open({ retention: { retentionDays: 1, maxSizeMb: 1024 } })
    const old = h.clock.now() - 2 * 86_400_000
    for (let id = 1; id <= 4_500; id++) history.events.record(h.event(id, { receivedAt: old + id }))
    await history.flush()
    history.events.record(h.event(4_501))
    history.notifications.add({ ...notificationAt(old) })
    history.notifications.add({ ...notificationAt(h.clock.now()) })
    history.firings.record({
      triggerId: 't',
      eventId: 1,
      sourceId: 'ps2',
      at: old,
      outcome: 'fired',
    })
    await history.flush()

    const report = await history.runRetention()
    expect(report!.deleted).toEqual({ events: 4_500, notifications: 1, firings: 1 })
    expect(h.query('SELECT id FROM events')).toEqual([{ id: 4_501 }])
    expect(h.count('notifications')).toBe(1)
    expect(history.notifications.unreadCount()).toBe(1)
  })

  it('removes the oldest events until the database fits its size limit, and shrinks the file', async () => {
    const history = h.open({ events: { batchRows: 100 } })
    const text = 'x'.repeat(2_000)
    for (let id = 1; id <= 3_000; id++) history.events.record(h.event(id, { payload: { text } }))
    await history.flush()
    expect((await sizeOf(history)).used).toBeGreaterThan(5 * 1024 * 1024)

    const report = await trimToTwoMegabytes(history)
    expect(report.sizeBytes).toBeLessThanOrEqual(2 * 1024 * 1024)
    const ids = h.query<{ id: number }>('SELECT id FROM events ORDER BY id').map((r) => r.id)
    expect(ids.at(-1)).toBe(3_000)
    expect(ids[0]).toBeGreaterThan(1)
    expect(ids.length).toBe(3_000 - ids[0]! + 1)
    expect((await sizeOf(history)).free).toBe(0)
  })

  it('gives free pages back in steps of about 8 MB, whatever the page size', async () => {
    const history = h.open({ events: { batchRows: 100 } })
    const text = 'x'.repeat(2_000)
    for (let id = 1; id <= 9_000; id++) history.events.record(h.event(id, { payload: { text } }))
    await history.flush()
    const thread = h.threadOf(history)
    const steps: number[] = []
    const exec = thread.exec.bind(thread)
    thread.exec = (sql: string) => {
      const step = /incremental_vacuum\((\d+)\)/.exec(sql)
      if (step) steps.push(Number(step[1]))
      return exec(sql)
    }

    await trimToTwoMegabytes(history)
    const { pageSize, free } = await sizeOf(history)
    expect(pageSize).toBe(16_384)
    expect(free).toBe(0)
    expect(steps.length).toBeGreaterThan(1)
    for (const pages of steps) {
      expect(pages * pageSize).toBeGreaterThanOrEqual(8_000_000)
      expect(pages * pageSize).toBeLessThan(8_500_000)
    }
  })

  it('trims notifications too, oldest first by time, when they take the space', async () => {
    const history = h.open()
    const start = h.clock.now() - 10_000
    // Its own write batch, so its own page.
    history.events.record(h.event(1, { receivedAt: start }))
    await history.flush()
    const body = 'n'.repeat(1_000)
    for (let i = 1; i <= 3_000; i++) {
      history.notifications.add({ ...notificationAt(start + i), body })
    }
    for (let id = 2; id <= 4; id++)
      history.events.record(h.event(id, { receivedAt: start + 5_000 }))
    await history.flush()
    expect((await sizeOf(history)).used).toBeGreaterThan(3 * 1024 * 1024)

    const report = await trimToTwoMegabytes(history)
    expect(report.sizeBytes).toBeLessThanOrEqual(2 * 1024 * 1024)
    // The event older than every notification went with the oldest of them; the newer ones stay.
    expect(h.query('SELECT id FROM events ORDER BY id')).toEqual([{ id: 2 }, { id: 3 }, { id: 4 }])
    const left = h.query<{ fired_at: number }>(
      'SELECT fired_at FROM notifications ORDER BY fired_at',
    )
    expect(report.deleted).toEqual({ events: 1, notifications: 3_000 - left.length, firings: 0 })
    expect(left.length).toBeGreaterThan(0)
    // What is left is the newest notifications, none missing in between.
    expect(left.at(-1)!.fired_at).toBe(start + 3_000)
    expect(left[0]!.fired_at).toBe(start + 3_000 - left.length + 1)
  })

  it('lets write batches through while a long cleanup runs', async () => {
    // 100 pages of 3 events, one page per delete: a cleanup of 100 small transactions.
    const history = h.open({ events: { batchRows: 3 } })
    const old = h.clock.now() - 2 * 86_400_000
    for (let id = 1; id <= 300; id++) history.events.record(h.event(id, { receivedAt: old }))
    await history.flush()
    expect(h.count('event_pages')).toBe(100)

    // Between the cleanup's first and second chunk (the hook runs there), a write is queued:
    // it must be committed while the cleanup still has chunks to go, whatever the machine's
    // speed, because each chunk is its own transaction on the same thread.
    let written: Promise<void> | undefined
    let chunks = 0
    let chunksWhenWritten = -1
    const cleanup = enforceRetention(
      h.threadOf(history),
      { retentionDays: 1, maxSizeMb: 1024 },
      h.clock.now(),
      {
        chunkRows: 20,
        shouldStop: () => {
          chunks++
          if (written === undefined) {
            history.events.record(h.event(301))
            written = history.flush().then(() => {
              chunksWhenWritten = chunks
            })
          }
          return false
        },
      },
    )
    await cleanup
    await written
    expect(chunksWhenWritten).toBeGreaterThanOrEqual(1)
    expect(chunksWhenWritten).toBeLessThan(10)
    expect(chunks).toBeGreaterThanOrEqual(99)
    expect(h.query<{ id: number }>('SELECT id FROM events')).toEqual([{ id: 301 }])
  })
})

function notificationAt(firedAt: number) {
  return {
    triggerId: 't',
    eventId: 1,
    sourceId: 'ps2',
    title: 'x',
    body: '',
    urgency: 'low' as const,
    firedAt,
  }
}
