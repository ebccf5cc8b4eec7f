import { describe, expect, it } from 'vitest'
import type { NotificationView } from '../../shared/domain'
import { ClusterNotifications } from './cluster-notifications'
import { fakeClusterNode } from './cluster/testing/fake-cluster-node'
import type { History } from './history/history'
import { useHistoryFixture } from './history/testing/history-fixture'
import type { ReadStateChange } from './triggers/trigger-commands'
import { ManualClock } from './testing/manual-clock'
import { silentLogger } from './util/logger'

const h = useHistoryFixture()

const firing = {
  triggerId: 'tick',
  sourceId: 'ticks',
  title: 'tick',
  body: '',
  urgency: 'normal' as const,
  firedAt: 1_000,
}

/** One run of a host: its history, its cluster node, and what it pushed to the UI. */
function run(history: History) {
  const fake = fakeClusterNode()
  const fired: NotificationView[] = []
  const reads: ReadStateChange[] = []
  const shared = new ClusterNotifications({
    cluster: fake.node,
    log: history.notifications,
    keys: history.notifications,
    fired: (view) => fired.push(view),
    read: (change) => reads.push(change),
    clock: new ManualClock(),
    logger: silentLogger,
  })
  return { fake, fired, reads, shared }
}

describe('ClusterNotifications with history', () => {
  it('follows and shares marks on notifications stored before a restart', async () => {
    const history = h.open()
    const before = run(history)
    const local = history.notifications.add({ ...firing, eventId: 3 })
    before.shared.published(local)
    before.fake.notifications.fire({ ...firing, key: 'b_x_1', origin: 'b' })
    expect(before.fired).toHaveLength(1)
    const remote = before.fired[0]!
    before.shared.dispose()
    await h.close(history)

    const reopened = h.open()
    const after = run(reopened)
    // A mark made elsewhere (or replayed by the watch on joining) reaches the stored firing.
    after.fake.readChanges.fire({ key: 'b_x_1', read: true })
    expect(after.reads).toEqual([{ read: true, ids: [remote.id], unread: 1 }])
    expect(reopened.notifications.list({ unreadOnly: true }).map((n) => n.id)).toEqual([local.id])
    // A mark made here on this host's own firing names it by its key.
    after.shared.readHere({ read: true, ids: [local.id], unread: 0 })
    expect(after.fake.marks).toEqual([{ key: 'me_run_1', read: true }])
    // A redelivery after the restart is not shown again.
    after.fake.notifications.fire({ ...firing, key: 'b_x_1', origin: 'b' })
    expect(after.fired).toEqual([])
    after.shared.dispose()
  })

  it('stores read a firing marked read elsewhere before it arrived', () => {
    const history = h.open()
    const { fake, fired, shared } = run(history)
    fake.read.set('b_x_2', true)
    fake.notifications.fire({ ...firing, key: 'b_x_2', origin: 'b' })
    expect(fired).toMatchObject([{ title: 'tick', read: true }])
    expect(history.notifications.unreadCount()).toBe(0)
    shared.dispose()
  })
})
