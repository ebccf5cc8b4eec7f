import { createPinia, setActivePinia } from 'pinia'
import { isReactive, isProxy } from 'vue'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { VigilEvent } from '../../shared/domain'
import { fake } from '../test/fake-api'
import { batch, deferred, eventRange, sourceView, vigilEvent } from '../test/fixtures'
import { LIVE_WINDOW, useLiveEventsStore } from './live-events'
import { useSourcesStore } from './sources'

vi.mock('../api', async () => (await import('../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

const ids = (events: readonly VigilEvent[]): number[] => events.map((event) => event.id)
const newestFirst = (from: number, to: number): VigilEvent[] => eventRange(from, to).reverse()

describe('live events store', () => {
  it('subscribes to batches and reconnects before it asks for recent events', async () => {
    await useLiveEventsStore().start()
    expect(fake.log).toEqual(['on:event:batch', 'on:reconnect', 'call:recentEvents'])
    expect(fake.api.recentEvents).toHaveBeenCalledWith({ limit: LIVE_WINDOW })
  })

  it('keeps events newest first, counting everything received including dropped ones', async () => {
    const store = useLiveEventsStore()
    await store.start()

    fake.push.eventBatch(batch(eventRange(1, 3)))
    fake.push.eventBatch(batch(eventRange(10, 11), { dropped: 6 }))

    expect(ids(store.events)).toEqual([11, 10, 3, 2, 1])
    expect(store.totalReceived).toBe(11)
    expect(store.droppedInTransit).toBe(6)
  })

  it('replaces the window once per batch and never makes events reactive', async () => {
    const store = useLiveEventsStore()
    await store.start()
    fake.push.eventBatch(batch(eventRange(1, 2)))
    const first = store.events
    fake.push.eventBatch(batch(eventRange(3, 4)))

    expect(store.events).not.toBe(first)
    expect(isProxy(store.events)).toBe(false)
    expect(isReactive(store.events[0])).toBe(false)
  })

  it('bounds the window, dropping the oldest', async () => {
    const store = useLiveEventsStore()
    await store.start()
    fake.push.eventBatch(batch(eventRange(1, 1_500)))
    fake.push.eventBatch(batch(eventRange(1_501, 2_600)))

    expect(store.events).toHaveLength(LIVE_WINDOW)
    expect(store.events[0]?.id).toBe(2_600)
    expect(store.events.at(-1)?.id).toBe(2_600 - LIVE_WINDOW + 1)
    expect(store.totalReceived).toBe(2_600)
  })

  it('bounds the window in bytes too, so megabyte events do not pile up in the page', async () => {
    const store = useLiveEventsStore()
    await store.start()
    const big = (id: number) => vigilEvent(id, { payload: { fill: 'x'.repeat(1024 * 1024) } })
    for (let id = 1; id <= 100; id++) fake.push.eventBatch(batch([big(id)]))
    // 32 MiB of payload JSON: 31 of these (each a little over 1 MiB), the newest.
    expect(ids(store.events)).toEqual(ids(newestFirst(70, 100)))
    expect(store.totalReceived).toBe(100)
  })

  it('merges the snapshot with batches that raced it, without duplicates', async () => {
    const snapshot = deferred<VigilEvent[]>()
    fake.api.recentEvents.mockReturnValue(snapshot.promise)
    const store = useLiveEventsStore()
    const started = store.start()

    // Events 5 and 6 were pushed while the snapshot was being taken, so it holds them too.
    fake.push.eventBatch(batch(eventRange(5, 7)))
    snapshot.resolve(newestFirst(1, 6))
    await started

    expect(ids(store.events)).toEqual([7, 6, 5, 4, 3, 2, 1])
  })

  it('holds arrivals while paused, counts them, and shows them on jumping to the newest', async () => {
    fake.api.recentEvents.mockResolvedValue(newestFirst(1, 2))
    const store = useLiveEventsStore()
    await store.start()

    store.pause()
    fake.push.eventBatch(batch(eventRange(3, 5)))
    fake.push.eventBatch(batch(eventRange(8, 9), { dropped: 2 }))

    expect(ids(store.events)).toEqual([2, 1])
    expect(store.held).toBe(true)
    expect(store.newer).toEqual({ count: 7, exact: true })
    // The two loaded at start, and the seven since.
    expect(store.totalReceived).toBe(9)

    store.jumpToNewest()
    expect(store.paused).toBe(false)
    expect(store.held).toBe(false)
    expect(store.newer).toEqual({ count: 0, exact: true })
    expect(ids(store.events)).toEqual([9, 8, 5, 4, 3, 2, 1])
  })

  it('keeps the held backlog bounded', async () => {
    const store = useLiveEventsStore()
    await store.start()
    store.togglePause()
    fake.push.eventBatch(batch(eventRange(1, 1_500)))
    fake.push.eventBatch(batch(eventRange(1_501, 3_000)))
    expect(store.newer.count).toBe(3_000)
    expect(store.events).toHaveLength(0)

    store.togglePause()
    expect(store.events).toHaveLength(LIVE_WINDOW)
    expect(store.events[0]?.id).toBe(3_000)
  })

  it('holds still while an event is selected, and tells how many newer ones wait (B5)', async () => {
    fake.api.recentEvents.mockResolvedValue(newestFirst(1, 3))
    const store = useLiveEventsStore()
    await store.start()

    store.select(store.events[1]!)
    fake.push.eventBatch(batch(eventRange(4, 6)))
    expect(ids(store.events)).toEqual([3, 2, 1])
    expect(store.paused).toBe(false)
    expect(store.newer).toEqual({ count: 3, exact: true })

    // Letting go of the selection lets the list move on.
    store.select(null)
    expect(ids(store.events)).toEqual([6, 5, 4, 3, 2, 1])
    expect(store.held).toBe(false)
  })

  it('holds still while the view is scrolled down or focused, until it is back at the top', async () => {
    const store = useLiveEventsStore()
    await store.start()
    fake.push.eventBatch(batch(eventRange(1, 2)))

    store.setViewHeld(true)
    fake.push.eventBatch(batch(eventRange(3, 4)))
    expect(ids(store.events)).toEqual([2, 1])
    expect(store.newer.count).toBe(2)

    store.setViewHeld(false)
    expect(ids(store.events)).toEqual([4, 3, 2, 1])
  })

  it('lets go of a selection when the page is left, but keeps a pause', async () => {
    fake.api.recentEvents.mockResolvedValue(newestFirst(1, 2))
    const store = useLiveEventsStore()
    await store.start()

    store.select(store.events[0]!)
    fake.push.eventBatch(batch(eventRange(3, 3)))
    store.leaveView()
    expect(store.selected).toBeNull()
    expect(ids(store.events)).toEqual([3, 2, 1])

    store.pause()
    fake.push.eventBatch(batch(eventRange(4, 4)))
    store.leaveView()
    expect(store.paused).toBe(true)
    expect(ids(store.events)).toEqual([3, 2, 1])
    expect(store.newer.count).toBe(1)
  })

  it("counts only the filtered source's arrivals while held, bursts included (B14)", async () => {
    const census = sourceView({ id: 'census', name: 'Census' })
    const other = sourceView({ id: 'other', name: 'Other' })
    fake.api.listSources.mockResolvedValue([census, other])
    await useSourcesStore().start()
    const store = useLiveEventsStore()
    await store.start()

    store.filter.source = 'census'
    store.pause()
    const events = [
      vigilEvent(1, { sourceId: 'census' }),
      vigilEvent(2, { sourceId: 'other' }),
      vigilEvent(3, { sourceId: 'other' }),
    ]
    // Eight census events came in all (six left out of the batch by a burst), two of the other.
    const stats = [
      { ...census, counters: { ...census.counters, events: 8 } },
      { ...other, counters: { ...other.counters, events: 2 } },
    ]
    fake.push.eventBatch(batch(events, { dropped: 6, stats }))

    expect(store.newer).toEqual({ count: 8, exact: true })
    store.filter.source = 'other'
    expect(store.newer).toEqual({ count: 2, exact: true })
    store.filter.source = ''
    expect(store.newer).toEqual({ count: 9, exact: true })
  })

  it('counts a type or text filter on the arrivals that travelled, as a floor after a burst', async () => {
    const store = useLiveEventsStore()
    await store.start()
    store.filter.type = 'death'
    store.pause()
    fake.push.eventBatch(batch([vigilEvent(1, { type: 'Death' }), vigilEvent(2, { type: 'tick' })]))
    expect(store.newer).toEqual({ count: 1, exact: true })

    fake.push.eventBatch(batch([vigilEvent(9, { type: 'Death' })], { dropped: 4 }))
    expect(store.newer).toEqual({ count: 2, exact: false })

    // Vigil's own alerts have no counters: their arrivals are counted one by one.
    store.filter.type = ''
    store.filter.source = 'vigil'
    fake.push.eventBatch(batch([vigilEvent(10, { sourceId: 'vigil', type: 'source-failed' })]))
    expect(store.newer.count).toBe(1)
  })

  it('re-snapshots after a reconnect, filling the gap', async () => {
    fake.api.recentEvents.mockResolvedValue(newestFirst(1, 3))
    const store = useLiveEventsStore()
    await store.start()

    // Events 4 to 6 arrived while the bridge was down.
    fake.api.recentEvents.mockResolvedValue(newestFirst(2, 6))
    fake.push.reconnect()
    await vi.waitFor(() => expect(ids(store.events)).toEqual([6, 5, 4, 3, 2, 1]))
  })

  it('filters by source, type and payload text', async () => {
    fake.api.recentEvents.mockResolvedValue([
      vigilEvent(4, { sourceId: 'census', type: 'Death', payload: { character_id: '5428' } }),
      vigilEvent(3, { sourceId: 'census', type: 'GainExperience', payload: { amount: '10' } }),
      vigilEvent(2, { sourceId: 'demo', type: 'death', payload: { who: 'bob' } }),
      vigilEvent(1, { sourceId: 'demo', type: 'tick', payload: { who: 'Alice' } }),
    ])
    const store = useLiveEventsStore()
    await store.start()
    expect(ids(store.visible)).toEqual([4, 3, 2, 1])

    store.filter.type = 'DEATH'
    expect(ids(store.visible)).toEqual([4, 2])
    store.filter.source = 'demo'
    expect(ids(store.visible)).toEqual([2])
    store.clearFilter()
    store.filter.text = 'alice'
    expect(ids(store.visible)).toEqual([1])
  })

  it('counts the recent events it loaded at start, and the gap a reconnect fills', async () => {
    fake.api.recentEvents.mockResolvedValue(newestFirst(1, 5))
    const store = useLiveEventsStore()
    await store.start()
    expect(store.totalReceived).toBe(5)
    fake.push.eventBatch(batch(eventRange(6, 7)))
    expect(store.totalReceived).toBe(7)

    // 8 and 9 arrived while the bridge was down; 6 and 7 were counted already.
    fake.api.recentEvents.mockResolvedValue(newestFirst(3, 9))
    fake.push.reconnect()
    await vi.waitFor(() => expect(store.totalReceived).toBe(9))
  })

  it('focuses an event by id, from the window or else from history', async () => {
    fake.api.recentEvents.mockResolvedValue(newestFirst(10, 12))
    const store = useLiveEventsStore()
    await store.start()

    await store.focusEvent(11)
    expect(store.selected?.id).toBe(11)
    expect(fake.api.searchEvents).not.toHaveBeenCalled()

    const older = vigilEvent(3, { type: 'Death' })
    fake.api.searchEvents.mockResolvedValueOnce({ events: [older], next: 2 })
    await store.focusEvent(3)
    expect(store.selected).toEqual(older)
    expect(fake.api.searchEvents).toHaveBeenLastCalledWith({ before: 4, limit: 1 })

    // History answers the next older event: id 1 is gone.
    fake.api.searchEvents.mockResolvedValueOnce({ events: [vigilEvent(0)], next: null })
    await store.focusEvent(1)
    expect(store.selected?.id).toBe(3)
    expect(store.focusError).toBe(
      'Event 1 is not in history: it may be older than the retention period.',
    )
    store.select(null)
    expect(store.focusError).toBeNull()
  })
})
