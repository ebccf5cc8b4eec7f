import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { NotificationView } from '../../shared/domain'
import type { UnreadCountQuery } from '../../shared/trigger-views'
import { triggerFake } from '../test/fake-trigger-api'
import { notificationView } from '../test/trigger-fixtures'
import { setSoundPlayer, useNotificationsStore } from './notifications'

vi.mock('../api', async () => (await import('../test/fake-trigger-api')).fakeApi)

const api = triggerFake.api

beforeEach(() => {
  setActivePinia(createPinia())
  triggerFake.reset()
  setSoundPlayer({ play: () => {}, armOnFirstGesture: () => {} })
})

/** The engine: answers lists and counts (per trigger and source) from `all`. */
function serve(all: NotificationView[]) {
  api.unreadNotificationCount.mockImplementation(async (query?: unknown) => {
    const q = (query ?? {}) as UnreadCountQuery
    return all.filter(
      (n) =>
        !n.read &&
        (!q.triggerId || n.triggerId === q.triggerId) &&
        (!q.sourceId || n.sourceId === q.sourceId),
    ).length
  })
  api.listNotifications.mockImplementation(async (query: unknown) => {
    const q = query as { unreadOnly?: boolean; triggerId?: string; sourceId?: string }
    return all.filter(
      (n) =>
        (!q.unreadOnly || !n.read) &&
        (!q.triggerId || n.triggerId === q.triggerId) &&
        (!q.sourceId || n.sourceId === q.sourceId),
    )
  })
}

describe('notifications store: counts follow the filters (B9)', () => {
  const all = [
    notificationView(4, { triggerId: 'doors' }),
    notificationView(3, { triggerId: 'doors', read: true }),
    notificationView(2, { triggerId: 'battery' }),
    notificationView(1, { triggerId: 'battery' }),
  ]

  it("counts the filtered trigger's unread in the header, and every unread for the badge", async () => {
    serve(all)
    const store = useNotificationsStore()
    await store.start()
    expect(store.unreadHere).toBe(3)
    store.filter.triggerId = 'doors'
    await flushPromises()
    expect(api.unreadNotificationCount).toHaveBeenCalledWith({ triggerId: 'doors' })
    expect(store.unreadHere).toBe(1)
    expect(store.unread).toBe(3)

    // A notification of another trigger changes the badge, not the header.
    triggerFake.push.notificationFired(notificationView(5, { triggerId: 'battery' }))
    expect(store.unread).toBe(4)
    expect(store.unreadHere).toBe(1)
    triggerFake.push.notificationFired(notificationView(6, { triggerId: 'doors' }))
    expect(store.unreadHere).toBe(2)

    await store.markRead([6, 4])
    expect(store.unreadHere).toBe(0)
  })

  it('asks the engine again when a read push comes from another window', async () => {
    serve(all)
    const store = useNotificationsStore()
    store.filter.sourceId = 'demo'
    await store.start()
    await flushPromises()
    api.unreadNotificationCount.mockClear()
    triggerFake.push.notificationRead({ ids: [1], unread: 2 })
    await flushPromises()
    expect(api.unreadNotificationCount).toHaveBeenCalledWith({ sourceId: 'demo' })
  })
})

describe('notifications store: mark unread', () => {
  it('marks unread at once, counts it, and lists it under "unread only" after the push', async () => {
    serve([notificationView(2, { read: true }), notificationView(1, { read: true })])
    const store = useNotificationsStore()
    await store.start()
    expect(store.unread).toBe(0)
    api.markNotificationsUnread.mockResolvedValueOnce(1)
    await store.markUnread([2])
    expect(api.markNotificationsUnread).toHaveBeenCalledWith([2])
    expect(store.unread).toBe(1)
    expect(store.items.find((n) => n.id === 2)?.read).toBe(false)

    // Another window marked 1 unread: the engine's count, and the item, follow.
    triggerFake.push.notificationUnread({ ids: [1], unread: 2 })
    expect(store.unread).toBe(2)
    expect(store.items.find((n) => n.id === 1)?.read).toBe(false)
  })

  it('takes a snapshot again when the engine refuses', async () => {
    serve([notificationView(1, { read: true })])
    const store = useNotificationsStore()
    await store.start()
    api.markNotificationsUnread.mockRejectedValueOnce(new Error('engine gone'))
    await store.markUnread([1])
    await flushPromises()
    expect(store.actionError).toMatch(/engine gone/)
    expect(store.items.find((n) => n.id === 1)?.read).toBe(true)
    expect(store.unread).toBe(0)
  })
})
