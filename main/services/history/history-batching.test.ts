import { describe, expect, it } from 'vitest'
import { waitFor } from '../testing/test-server'
import { silentLogger } from '../util/logger'
import { useHistoryFixture } from './testing/history-fixture'

const h = useHistoryFixture()

describe('History batching', () => {
  it('holds events in memory until the batch interval, then writes them in one batch', async () => {
    const history = h.open()
    for (let id = 1; id <= 250; id++) history.events.record(h.event(id))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(h.count('events')).toBe(0)
    expect(history.stats().events).toMatchObject({ written: 0, pending: 250, notStored: 0 })

    h.clock.advance(100)
    await history.flush()
    expect(h.count('events')).toBe(250)
    expect(history.stats().events).toMatchObject({ written: 250, pending: 0, notStored: 0 })
    const [row] = h.query<{ payload: string; received_at: number }>(
      'SELECT payload, received_at FROM events WHERE id = 7',
    )
    expect(JSON.parse(row!.payload)).toEqual({ character_id: '5428007', world_id: '1' })
    expect(row!.received_at).toBe(h.clock.now() - 100)
  })

  it('goes on writing after a batch it could not serialise, and counts that batch dropped', async () => {
    const errors: string[] = []
    const history = h.open({
      logger: { ...silentLogger, error: (message) => errors.push(message) },
    })
    // Deeper than JSON.stringify can go. Sources refuse such frames; history must not rely on it.
    let deep: unknown = 1
    for (let level = 0; level < 100_000; level++) deep = [deep]
    history.events.record(h.event(1))
    history.events.record(h.event(2, { payload: deep }))
    h.clock.advance(100)
    expect(errors).toEqual([
      expect.stringMatching(/^history: a write batch could not be prepared: .*call stack/),
    ])

    history.events.record(h.event(3))
    h.clock.advance(100)
    await waitFor(() => history.stats().events.written === 1, 'the next batch to be written')
    expect(history.stats().events).toMatchObject({
      written: 1,
      pending: 0,
      notStored: 2,
      notStoredByReason: { 'write-error': 2 },
    })
    expect(h.query<{ id: number }>('SELECT id FROM events')).toEqual([{ id: 3 }])
  })

  it('splits a backlog larger than one batch into several transactions', async () => {
    const history = h.open({ events: { batchRows: 100 } })
    for (let id = 1; id <= 1_050; id++) history.events.record(h.event(id))
    await history.flush()
    expect(h.count('events')).toBe(1_050)
    expect(h.query('SELECT DISTINCT block FROM event_pages')).toHaveLength(11)
  })

  it('sends a waiting backlog as batches commit, not an interval later', async () => {
    const history = h.open({ events: { batchRows: 100 } })
    for (let id = 1; id <= 1_000; id++) history.events.record(h.event(id))
    // One interval: the queue sends as many batches as it may have in flight (4), then waits.
    h.clock.advance(100)
    // No further interval passes: each commit lets the next full batch go.
    await waitFor(() => history.stats().events.written === 1_000, 'the backlog to be written')
    expect(h.query('SELECT DISTINCT block FROM event_pages')).toHaveLength(10)
  })

  it('sends a full batch at once rather than at the next interval', async () => {
    const history = h.open({ events: { batchRows: 100 } })
    for (let id = 1; id <= 99; id++) history.events.record(h.event(id))
    h.clock.advance(0)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(history.stats().events).toMatchObject({ written: 0, pending: 99 })

    history.events.record(h.event(100))
    // No interval passes: the full batch's turn comes at once.
    h.clock.advance(0)
    await waitFor(() => history.stats().events.written === 100, 'the full batch to be written')
  })

  it('bounds a batch in bytes too, so a backlog of large events goes in several', async () => {
    const history = h.open({ events: { batchBytes: 1_000 } })
    for (let id = 1; id <= 10; id++) history.events.record(h.event(id), 300)
    // One event larger than a batch on its own still goes, alone.
    history.events.record(h.event(11), 5_000)
    await history.flush()
    expect(h.count('events')).toBe(11)
    const blocks = h.query<{ block: number; n: number }>(
      'SELECT block, sum(count) AS n FROM event_pages GROUP BY block ORDER BY block',
    )
    expect(blocks.map((b) => b.n)).toEqual([3, 3, 3, 1, 1])
  })
})
