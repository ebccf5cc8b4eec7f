import { describe, expect, it } from 'vitest'
import { notificationView } from '../test/trigger-fixtures'
import { groupNotifications, rowsOf } from './notification-groups'

const MINUTE = 60_000
const at = (id: number, minutesAgo: number, overrides = {}) =>
  notificationView(id, {
    title: 'Door open',
    firedAt: 100 * MINUTE - minutesAgo * MINUTE,
    ...overrides,
  })

describe('grouping repeated notifications', () => {
  it('folds a run of the same trigger and title within 10 minutes into one group', () => {
    const groups = groupNotifications([
      at(6, 0),
      at(5, 1, { read: true }),
      at(4, 9),
      at(3, 11), // past the window of the group's newest
      at(2, 12, { title: 'Door closed' }),
      at(1, 13, { triggerId: 'other', title: 'Door closed' }),
    ])
    expect(groups.map((g) => g.items.map((n) => n.id))).toEqual([[6, 5, 4], [3], [2], [1]])
    expect(groups[0]).toMatchObject({ key: 6, unread: 2 })
  })

  it('never folds digests', () => {
    const groups = groupNotifications([at(2, 0, { kind: 'digest' }), at(1, 1, { kind: 'digest' })])
    expect(groups).toHaveLength(2)
  })

  it('lists an opened group with its members under its head', () => {
    const groups = groupNotifications([at(3, 0), at(2, 1), at(1, 30)])
    expect(rowsOf(groups, new Set()).map((r) => r.key)).toEqual(['g3', 'g1'])
    expect(rowsOf(groups, new Set([3])).map((r) => r.key)).toEqual(['g3', 'm3', 'm2', 'g1'])
  })
})
