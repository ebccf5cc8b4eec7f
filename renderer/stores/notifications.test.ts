import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { NotificationView } from '../../shared/domain'
import { fake } from '../test/fake-api'
import { triggerFake } from '../test/fake-trigger-api'
import { deferred } from '../test/fixtures'
import { notificationView } from '../test/trigger-fixtures'
import { MAX_LISTED, PAGE_SIZE, setSoundPlayer, useNotificationsStore } from './notifications'
import { useSettingsStore } from './settings'

vi.mock('../api', async () => (await import('../test/fake-trigger-api')).fakeApi)

const api = triggerFake.api
const played: string[] = []

beforeEach(() => {
  setActivePinia(createPinia())
  triggerFake.reset()
  localStorage.clear()
  played.length = 0
  setSoundPlayer({ play: (name) => played.push(name), armOnFirstGesture: () => {} })
})

/** Answers list queries from `all`, and the unread count with its unread ones. */
function serve(all: NotificationView[]) {
  api.unreadNotificationCount.mockImplementation(async () => all.filter((n) => !n.read).length)
  api.listNotifications.mockImplementation(async (query: unknown) => {
    const q = query as { unreadOnly?: boolean; triggerId?: string }
    return all.filter(
      (n) => (!q.unreadOnly || !n.read) && (!q.triggerId || n.triggerId === q.triggerId),
    )
  })
}

const ids = (list: readonly NotificationView[]) => list.map((n) => n.id)

describe('notifications store', () => {
  it('subscribes to every push before it asks for the snapshot', async () => {
    await useNotificationsStore().start()
    const firstCall = fake.log.indexOf('call:listNotifications')
    for (const channel of ['notification:fired', 'notification:read', 'sound:play', 'reconnect'])
      expect(fake.log.indexOf(`on:${channel}`)).toBeLessThan(firstCall)
    expect(firstCall).toBeGreaterThan(-1)
  })

  it('counts unread from the snapshot, then from fired and read pushes', async () => {
    serve([notificationView(3), notificationView(2, { read: true }), notificationView(1)])
    const store = useNotificationsStore()
    await store.start()
    expect(store.unread).toBe(2)
    expect(ids(store.items)).toEqual([3, 2, 1])

    triggerFake.push.notificationFired(notificationView(4))
    triggerFake.push.notificationFired(notificationView(5))
    expect(store.unread).toBe(4)
    expect(ids(store.items)).toEqual([5, 4, 3, 2, 1])

    // Another window marked two read; the engine's count is the truth.
    triggerFake.push.notificationRead({ ids: [5, 3], unread: 2 })
    expect(store.unread).toBe(2)
    expect(store.items.filter((n) => !n.read).map((n) => n.id)).toEqual([4, 1])

    triggerFake.push.notificationRead({ ids: 'all', unread: 0 })
    expect(store.unread).toBe(0)
    expect(store.items.every((n) => n.read)).toBe(true)
  })

  it('does not list a fired push twice when the snapshot already had it', async () => {
    const page = deferred<NotificationView[]>()
    api.listNotifications.mockReturnValueOnce(page.promise)
    api.unreadNotificationCount.mockResolvedValueOnce(1)
    const store = useNotificationsStore()
    const started = store.start()
    triggerFake.push.notificationFired(notificationView(7))
    page.resolve([notificationView(7), notificationView(6, { read: true })])
    await started
    triggerFake.push.notificationFired(notificationView(7))
    expect(ids(store.items)).toEqual([7, 6])
    expect(store.unread).toBe(2)
  })

  it('marks read at once and rolls back when the engine refuses', async () => {
    serve([notificationView(2), notificationView(1)])
    const store = useNotificationsStore()
    await store.start()

    api.markNotificationsRead.mockResolvedValueOnce(1)
    await store.markRead([2])
    expect(api.markNotificationsRead).toHaveBeenCalledWith([2])
    expect(store.unread).toBe(1)
    expect(store.items.find((n) => n.id === 2)?.read).toBe(true)

    api.markNotificationsRead.mockRejectedValueOnce(new Error('engine gone'))
    await store.markRead('all')
    expect(store.unread).toBe(1)
    expect(store.items.find((n) => n.id === 1)?.read).toBe(false)
    expect(store.actionError).toMatch(/engine gone/)
  })

  it('undoes a refused mark read on those notifications only, keeping ones fired meanwhile', async () => {
    serve([notificationView(2), notificationView(1, { read: true })])
    const store = useNotificationsStore()
    await store.start()
    const refused = deferred<number>()
    api.markNotificationsRead.mockReturnValueOnce(refused.promise)
    const marking = store.markRead('all')
    expect(store.unread).toBe(0)
    triggerFake.push.notificationFired(notificationView(3))
    expect(store.unread).toBe(1)
    refused.reject(new Error('engine gone'))
    await marking
    expect(ids(store.items)).toEqual([3, 2, 1])
    expect(store.items.map((n) => n.read)).toEqual([false, false, true])
    expect(store.unread).toBe(2)
    expect(store.actionError).toMatch(/engine gone/)
  })

  it("takes the engine's word when a read push arrives while a refused mark read was pending", async () => {
    serve([notificationView(2), notificationView(1)])
    const store = useNotificationsStore()
    await store.start()
    const refused = deferred<number>()
    api.markNotificationsRead.mockReturnValueOnce(refused.promise)
    const marking = store.markRead([2])
    // Another window marked 1 read meanwhile; this window's mark of 2 is refused.
    triggerFake.push.notificationRead({ ids: [1], unread: 1 })
    serve([notificationView(2), notificationView(1, { read: true })])
    refused.reject(new Error('engine gone'))
    await marking
    await vi.waitFor(() => expect(store.items.map((n) => n.read)).toEqual([false, true]))
    expect(store.unread).toBe(1)
  })

  it('filters by trigger, keeping pushes of other triggers out of the list but in the count', async () => {
    serve([notificationView(2, { triggerId: 'a' }), notificationView(1, { triggerId: 'b' })])
    const store = useNotificationsStore()
    await store.start()
    store.filter.triggerId = 'a'
    await nextTick()
    await vi.waitFor(() => expect(ids(store.items)).toEqual([2]))
    expect(api.listNotifications).toHaveBeenCalledWith({ limit: PAGE_SIZE, triggerId: 'a' })

    triggerFake.push.notificationFired(notificationView(3, { triggerId: 'b' }))
    expect(ids(store.items)).toEqual([2])
    expect(store.unread).toBe(3)
  })

  it('marks read only what the trigger filter shows, and drops read rows under "Unread only"', async () => {
    const all = [
      notificationView(3, { triggerId: 'a' }),
      notificationView(2, { triggerId: 'b' }),
      notificationView(1, { triggerId: 'a' }),
    ]
    serve(all)
    const store = useNotificationsStore()
    await store.start()
    store.filter.triggerId = 'a'
    store.filter.unreadOnly = true
    await vi.waitFor(() => expect(ids(store.items)).toEqual([3, 1]))

    api.markNotificationsRead.mockResolvedValueOnce(2)
    await store.markShownRead()
    expect(api.markNotificationsRead).toHaveBeenCalledWith([3, 1])
    expect(api.markNotificationsRead).not.toHaveBeenCalledWith('all')
    expect(ids(store.items)).toEqual([])
  })

  it('marks everything read when only "Unread only" is on, and a read row leaves that list', async () => {
    serve([notificationView(2), notificationView(1)])
    const store = useNotificationsStore()
    await store.start()
    store.filter.unreadOnly = true
    await vi.waitFor(() => expect(api.listNotifications).toHaveBeenCalledTimes(2))
    await store.markRead([2])
    expect(ids(store.items)).toEqual([1])
    await store.markShownRead()
    expect(api.markNotificationsRead).toHaveBeenLastCalledWith('all')
  })

  it('pages back through older notifications', async () => {
    const first = Array.from({ length: PAGE_SIZE }, (_, i) => notificationView(1_000 - i))
    api.listNotifications.mockResolvedValueOnce(first)
    const store = useNotificationsStore()
    await store.start()
    expect(store.hasMore).toBe(true)
    api.listNotifications.mockResolvedValueOnce([notificationView(5), notificationView(4)])
    await store.loadMore()
    expect(api.listNotifications).toHaveBeenLastCalledWith({ limit: PAGE_SIZE, beforeId: 801 })
    expect(store.items).toHaveLength(PAGE_SIZE + 2)
    expect(store.hasMore).toBe(false)
  })

  it('keeps at most a few pages as pushes arrive, leaving older ones to loadMore', async () => {
    const store = useNotificationsStore()
    await store.start()
    expect(store.hasMore).toBe(false)
    for (let id = 1; id <= MAX_LISTED + 5; id++)
      triggerFake.push.notificationFired(notificationView(id))
    expect(store.items).toHaveLength(MAX_LISTED)
    expect(store.items[0]!.id).toBe(MAX_LISTED + 5)
    expect(store.items.at(-1)!.id).toBe(6)
    expect(store.unread).toBe(MAX_LISTED + 5)
    expect(store.hasMore).toBe(true)

    api.listNotifications.mockResolvedValueOnce([5, 4, 3, 2, 1].map((id) => notificationView(id)))
    await store.loadMore()
    expect(api.listNotifications).toHaveBeenLastCalledWith({ limit: PAGE_SIZE, beforeId: 6 })
    expect(store.items).toHaveLength(MAX_LISTED + 5)
    expect(store.hasMore).toBe(false)
    // What was paged back to stays listed: a push drops one at the far end, not a page.
    triggerFake.push.notificationFired(notificationView(MAX_LISTED + 6))
    expect(store.items).toHaveLength(MAX_LISTED + 5)
    expect(store.items.at(-1)!.id).toBe(2)
    expect(store.hasMore).toBe(true)
  })

  it('re-snapshots after a reconnect and plays sound cues', async () => {
    serve([notificationView(1)])
    const store = useNotificationsStore()
    await store.start()
    serve([notificationView(2), notificationView(1)])
    fake.push.reconnect()
    await vi.waitFor(() => expect(store.unread).toBe(2))
    expect(ids(store.items)).toEqual([2, 1])

    triggerFake.push.soundPlay({ sound: 'alarm', triggerId: 't', eventId: 1 })
    expect(played).toEqual(['alarm'])
  })

  it('plays no sound in a window whose sounds are off, and again once they are on', async () => {
    const store = useNotificationsStore()
    await store.start()
    const settings = useSettingsStore()
    settings.setSounds('off')
    expect(localStorage.getItem('vigil.sounds')).toBe('off')
    triggerFake.push.soundPlay({ sound: 'alarm', triggerId: 't', eventId: 1 })
    expect(played).toEqual([])
    settings.setSounds('on')
    triggerFake.push.soundPlay({ sound: 'chime', triggerId: 't', eventId: 2 })
    expect(played).toEqual(['chime'])
  })
})
