import { describe, expect, it } from 'vitest'
import type { History } from './history'
import { useHistoryFixture } from './testing/history-fixture'

const h = useHistoryFixture()

describe('History search', () => {
  it('filters by source, type, time and text, newest first, in pages', async () => {
    const history = h.open()
    const base = h.clock.now()
    history.events.record(h.event(1, { receivedAt: base + 1, type: 'Login' }))
    history.events.record(h.event(2, { receivedAt: base + 2, sourceId: 'other' }))
    history.events.record(h.event(3, { receivedAt: base + 3, payload: { note: '100% sure_' } }))
    history.events.record(h.event(4, { receivedAt: base + 4, payload: { note: '100 percent' } }))
    history.events.record(h.event(5, { receivedAt: base + 5, payload: { Name: 'WATER level' } }))
    // Searches see what was recorded a moment ago, before any batch interval passed.
    const ids = async (q: Parameters<History['search']>[0]) =>
      (await history.search(q)).events.map((e) => e.id)
    expect(await ids({})).toEqual([5, 4, 3, 2, 1])
    expect(await ids({ source: 'other' })).toEqual([2])
    expect(await ids({ type: 'Login' })).toEqual([1])
    expect(await ids({ source: 'ps2', type: 'Death' })).toEqual([5, 4, 3])
    expect(await ids({ from: base + 2, to: base + 4 })).toEqual([4, 3, 2])
    expect(await ids({ q: '100%' })).toEqual([3])
    expect(await ids({ q: 'sure_' })).toEqual([3])
    expect(await ids({ q: 'water' })).toEqual([5])
    expect(await ids({ q: 'nowhere' })).toEqual([])

    const page1 = await history.search({ limit: 2 })
    expect(page1.events.map((e) => e.id)).toEqual([5, 4])
    expect(page1.next).toBe(4)
    const page2 = await history.search({ limit: 2, before: page1.next! })
    expect(page2.events.map((e) => e.id)).toEqual([3, 2])
    const page3 = await history.search({ limit: 2, before: page2.next! })
    expect(page3).toEqual({ events: [expect.objectContaining({ id: 1 })], next: null })
  })

  it('finds quotes and backslashes as typed, though the payload text holds them escaped', async () => {
    const history = h.open()
    history.events.record(h.event(1, { payload: { msg: 'say "hi"', p: 'C:\\dir' } }))
    history.events.record(h.event(2, { payload: { msg: 'say hi', p: 'C:/dir' } }))
    const ids = async (q: string) => (await history.search({ q })).events.map((e) => e.id)
    expect(await ids('"hi"')).toEqual([1])
    expect(await ids('SAY "HI"')).toEqual([1])
    expect(await ids('C:\\dir')).toEqual([1])
    expect(await ids('hi')).toEqual([2, 1])
    // The JSON's own quotes are still found as typed.
    expect(await ids('"msg":"say hi"')).toEqual([2])
    expect(await ids('"say \\"hi\\""')).toEqual([1])
  })
})
