import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fake } from '../test/fake-api'
import { vigilEvent } from '../test/fixtures'
import { HISTORY_PAGE_SIZE, historyQuery, useHistoryStore } from './history'

vi.mock('../api', async () => (await import('../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

const blank = { source: '', type: '', text: '', from: '', to: '' }

describe('historyQuery', () => {
  it('asks only for the filters that are set, trimmed, times in local time', () => {
    expect(historyQuery(blank)).toEqual({})
    expect(
      historyQuery({
        source: 'demo',
        type: ' Death ',
        text: '  42 ',
        from: '2026-11-22T10:00',
        to: 'not a time',
      }),
    ).toEqual({
      source: 'demo',
      type: 'Death',
      q: '42',
      from: new Date('2026-11-22T10:00').getTime(),
    })
  })
})

describe('history store', () => {
  it('searches with the filters, selects the newest, and pages back with the same filters', async () => {
    const store = useHistoryStore()
    fake.api.searchEvents.mockResolvedValueOnce({
      events: [vigilEvent(9), vigilEvent(8)],
      next: 8,
    })
    store.filter.type = 'Death'
    await store.search()
    expect(fake.api.searchEvents).toHaveBeenLastCalledWith({
      type: 'Death',
      limit: HISTORY_PAGE_SIZE,
    })
    expect(store.events.map((e) => e.id)).toEqual([9, 8])
    expect(store.selected?.id).toBe(9)

    // An edit not yet searched for does not change what "older" means.
    store.filter.type = 'PlayerLogin'
    fake.api.searchEvents.mockResolvedValueOnce({ events: [vigilEvent(3)], next: null })
    await store.loadOlder()
    expect(fake.api.searchEvents).toHaveBeenLastCalledWith({
      type: 'Death',
      before: 8,
      limit: HISTORY_PAGE_SIZE,
    })
    expect(store.events.map((e) => e.id)).toEqual([9, 8, 3])
    expect(store.next).toBeNull()
  })

  it('says why a search failed, keeping what was shown', async () => {
    const store = useHistoryStore()
    fake.api.searchEvents.mockResolvedValueOnce({ events: [vigilEvent(1)], next: null })
    await store.search()
    fake.api.searchEvents.mockRejectedValueOnce(new Error('history is closed'))
    await store.search()
    expect(store.error).toMatch(/history is closed/)
    expect(store.events.map((e) => e.id)).toEqual([1])
    expect(store.searching).toBe(false)
  })

  it('exports what the search on screen matches, and reports the file or the failure', async () => {
    const store = useHistoryStore()
    store.filter.source = 'demo'
    await store.search()
    fake.api.exportHistory.mockResolvedValueOnce({ path: '/d/exports/e.csv', rows: 5, bytes: 90 })
    await store.exportEvents('csv')
    expect(fake.api.exportHistory).toHaveBeenLastCalledWith({
      kind: 'events',
      format: 'csv',
      source: 'demo',
    })
    expect(store.lastExport?.rows).toBe(5)

    fake.api.exportHistory.mockRejectedValueOnce(new Error('disk full'))
    await store.exportEvents('jsonl')
    expect(store.exportError).toMatch(/disk full/)
    expect(store.lastExport).toBeNull()
    expect(store.exporting).toBeNull()
  })
})
