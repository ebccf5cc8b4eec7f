import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EventBatch, VigilEvent } from '../../../shared/domain'
import { systemClock } from '../util/clock'
import { EventBatcher } from './event-batcher'

const event = (id: number, sourceId = 's'): VigilEvent => ({
  id,
  sourceId,
  type: 't',
  receivedAt: id,
  payload: {},
})

describe('EventBatcher', () => {
  let batches: EventBatch[]
  let batcher: EventBatcher

  beforeEach(() => {
    vi.useFakeTimers()
    batches = []
    batcher = new EventBatcher({
      clock: systemClock,
      intervalMs: 50,
      maxEvents: 3,
      stats: (ids) =>
        [...ids].map((id) => ({
          id,
          counters: {} as never,
          lastEventAt: null,
          lastError: null,
          eventsPerSecond: 0,
        })),
      deliver: (batch) => batches.push(batch),
    })
  })
  afterEach(() => vi.useRealTimers())

  it('sends at most one batch per interval, whatever the event rate', () => {
    for (let i = 1; i <= 1000; i++) {
      batcher.add(event(i))
      vi.advanceTimersByTime(1)
    }
    vi.advanceTimersByTime(100)
    // 1000 ms of events at 1/ms: about 20 batches, never 1000 messages.
    expect(batches.length).toBeGreaterThanOrEqual(19)
    expect(batches.length).toBeLessThanOrEqual(22)
    const sent = batches.reduce((sum, b) => sum + b.events.length + b.dropped, 0)
    expect(sent).toBe(1000)
  })

  it('keeps only the newest events of a burst and counts the rest as dropped', () => {
    for (let i = 1; i <= 10; i++) batcher.add(event(i, i % 2 ? 'a' : 'b'))
    vi.advanceTimersByTime(50)
    expect(batches).toHaveLength(1)
    expect(batches[0]!.events.map((e) => e.id)).toEqual([8, 9, 10])
    expect(batches[0]!.dropped).toBe(7)
    expect(batches[0]!.stats.map((s) => s.id).sort()).toEqual(['a', 'b'])
  })

  it("sends a source's numbers with every batch that carries its events", () => {
    batcher.add(event(1, 'a'))
    batcher.add(event(2, 'a'))
    vi.advanceTimersByTime(50)
    batcher.add(event(3, 'a'))
    vi.advanceTimersByTime(50)
    expect(batches.map((batch) => batch.stats.map((s) => s.id))).toEqual([['a'], ['a']])
  })

  it('sends a stats-only batch for a touched source and nothing when idle', () => {
    batcher.touch('a')
    vi.advanceTimersByTime(50)
    expect(batches).toEqual([
      { events: [], dropped: 0, stats: [expect.objectContaining({ id: 'a' })] },
    ])
    vi.advanceTimersByTime(1000)
    expect(batches).toHaveLength(1)
  })

  it('bounds a batch in bytes too: a burst of large frames sends the newest that fit', () => {
    const sized = new EventBatcher({
      clock: systemClock,
      intervalMs: 50,
      maxEvents: 500,
      maxBytes: 4 * 1024 * 1024,
      stats: () => [],
      deliver: (batch) => batches.push(batch),
    })
    const MIB = 1024 * 1024
    for (let i = 1; i <= 100; i++) sized.add(event(i), MIB)
    sized.add(event(101), 10 * MIB)
    vi.advanceTimersByTime(50)
    // A frame larger than the whole budget still travels, alone.
    expect(batches.map((b) => [b.events.map((e) => e.id), b.dropped])).toEqual([[[101], 100]])
    for (let i = 102; i <= 200; i++) sized.add(event(i), MIB)
    vi.advanceTimersByTime(50)
    expect(batches[1]!.events.map((e) => e.id)).toEqual([197, 198, 199, 200])
    expect(batches[1]!.dropped).toBe(95)
    sized.dispose()
  })
})
