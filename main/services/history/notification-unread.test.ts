import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { MemoryNotificationLog, type NotificationLog } from '../notify/notification-log'
import { useTempHistory } from '../testing/temp-history'
import { ReadMarks } from './read-marks'

const temp = useTempHistory('notification-unread')
const open = () => temp.open()

const draft = (triggerId: string, sourceId: string) => ({
  triggerId,
  eventId: 7,
  sourceId,
  title: `${triggerId} from ${sourceId}`,
  body: '',
  urgency: 'normal' as const,
  firedAt: 1,
})

function unreadInFile(): number[] {
  const db = new DatabaseSync(temp.path, { readOnly: true })
  const rows = db.prepare('SELECT id FROM notifications WHERE read = 0 ORDER BY id').all()
  db.close()
  return rows.map((row) => Number(row.id))
}

/** The same story against any log: counts per trigger and source, read and unread again. */
function story(log: NotificationLog, flush: () => Promise<void>) {
  return async () => {
    const a = log.add(draft('doors', 'home'))
    const b = log.add(draft('doors', 'garage'))
    const c = log.add(draft('battery', 'home'))
    await flush()
    expect(log.unreadCount()).toBe(3)
    expect(log.unreadCount({ triggerId: 'doors' })).toBe(2)
    expect(log.unreadCount({ sourceId: 'home' })).toBe(2)
    expect(log.unreadCount({ triggerId: 'doors', sourceId: 'garage' })).toBe(1)

    expect(log.markRead('all')).toBe(3)
    expect(log.markUnread([b.id, 999])).toBe(1)
    expect(log.markUnread([b.id])).toBe(0)
    expect(log.unreadCount()).toBe(1)
    expect(log.unreadCount({ triggerId: 'doors' })).toBe(1)
    expect(log.unreadCount({ triggerId: 'battery' })).toBe(0)
    expect(log.list({ unreadOnly: true }).map((n) => n.id)).toEqual([b.id])
    expect(log.list().find((n) => n.id === b.id)?.read).toBe(false)
    await flush()
    expect(log.unreadCount({ sourceId: 'garage' })).toBe(1)
    expect(log.list({ unreadOnly: true, triggerId: 'doors' }).map((n) => n.id)).toEqual([b.id])

    // Read again, then unread: the newest mark wins, before and after it is written.
    expect(log.markRead([b.id])).toBe(1)
    expect(log.markUnread([a.id, c.id])).toBe(2)
    expect(log.unreadCount()).toBe(2)
    expect(log.list({ unreadOnly: true }).map((n) => n.id)).toEqual([c.id, a.id])
    await flush()
    expect(log.unreadCount()).toBe(2)
    return { a, b, c }
  }
}

describe('marking notifications unread, and unread counts per trigger and source', () => {
  it('in SQLite, before and after the marks are written', async () => {
    const history = open()
    const { a, c } = await story(history.notifications, () => history.flush())()
    expect(unreadInFile()).toEqual([a.id, c.id])
  })

  it('in memory', async () => {
    const log = new MemoryNotificationLog()
    await story(log, async () => {})()
  })

  it('counts a notification added but not yet written like the others', async () => {
    const history = open()
    const log = history.notifications
    const a = log.add(draft('doors', 'home'))
    expect(log.markRead([a.id])).toBe(1)
    expect(log.markUnread([a.id])).toBe(1)
    expect(log.unreadCount({ triggerId: 'doors' })).toBe(1)
    expect(log.unreadCount({ triggerId: 'battery' })).toBe(0)
    await history.flush()
    expect(unreadInFile()).toEqual([a.id])
  })
})

describe('ReadMarks', () => {
  it('writes each mark as the state its ids have when drained, so a retried mark never undoes a newer one', () => {
    const marks = new ReadMarks()
    marks.mark(new Set([3]), false)
    expect(marks.drain(1)).toEqual([{ sql: expect.stringContaining('SET read = 0'), rows: [[3]] }])
    marks.mark(new Set([3]), true)
    expect(marks.drain(2)).toEqual([{ sql: expect.stringContaining('SET read = 1'), rows: [[3]] }])
    marks.settled(2, true)
    // Batch 1 failed after batch 2 was written: its retry writes 3 as read, the newest state.
    marks.settled(1, false)
    expect(marks.drain(3)).toEqual([{ sql: expect.stringContaining('SET read = 1'), rows: [[3]] }])
  })

  it('keeps ids marked unread after a "read all" unread when that mark is retried', () => {
    const marks = new ReadMarks()
    marks.markAllReadUpTo(10)
    marks.drain(1)
    marks.mark(new Set([4]), false)
    marks.drain(2)
    marks.settled(2, true)
    marks.settled(1, false)
    expect(marks.drain(3)).toEqual([
      { sql: expect.stringContaining('id <= ?'), rows: [[10]] },
      { sql: expect.stringContaining('SET read = 0'), rows: [[4]] },
    ])
    expect(marks.stateOf(4)).toBe(false)
    expect(marks.stateOf(5)).toBe(true)
  })
})
