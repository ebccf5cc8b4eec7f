import { describe, expect, it } from 'vitest'
import { useHistoryFixture } from './testing/history-fixture'

const h = useHistoryFixture()

describe('SqliteNotificationLog', () => {
  const draft = (title: string) => ({
    triggerId: title.startsWith('a') ? 'ta' : 'tb',
    eventId: 1,
    sourceId: 'ps2',
    title,
    body: '',
    urgency: 'normal' as const,
    firedAt: 1,
  })

  it('lists and counts what was just added, before and after it is written', async () => {
    const history = h.open()
    const log = history.notifications
    const a1 = log.add(draft('a1'))
    const b1 = log.add(draft('b1'))
    expect(log.list().map((n) => n.title)).toEqual(['b1', 'a1'])
    expect(log.unreadCount()).toBe(2)
    await history.flush()
    const a2 = log.add(draft('a2'))
    expect(log.list().map((n) => n.title)).toEqual(['a2', 'b1', 'a1'])
    expect(log.list({ triggerId: 'ta' }).map((n) => n.id)).toEqual([a2.id, a1.id])
    expect(log.list({ beforeId: a2.id, limit: 1 }).map((n) => n.id)).toEqual([b1.id])
    expect(log.unreadCount()).toBe(3)

    expect(log.markRead([a1.id, a2.id, 999])).toBe(2)
    expect(log.markRead([a1.id])).toBe(0)
    expect(log.unreadCount()).toBe(1)
    expect(log.list({ unreadOnly: true }).map((n) => n.id)).toEqual([b1.id])
    await history.flush()
    expect(log.unreadCount()).toBe(1)
    expect(log.list({ unreadOnly: true }).map((n) => n.id)).toEqual([b1.id])
    expect(h.query('SELECT id FROM notifications WHERE read = 0')).toEqual([{ id: b1.id }])

    const b2 = log.add(draft('b2'))
    expect(log.markRead('all')).toBe(2)
    expect(log.unreadCount()).toBe(0)
    expect(log.list().every((n) => n.read)).toBe(true)
    await history.flush()
    expect(h.count('notifications')).toBe(4)
    expect(h.query('SELECT id FROM notifications WHERE read = 0')).toEqual([])
    expect(log.list({ limit: 1 })[0]!.id).toBe(b2.id)
  })
})
