import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { openHistoryDatabase } from './history-db'
import { SqliteNotificationLog } from './notification-store'
import { HISTORY_MIGRATIONS, HISTORY_SCHEMA_VERSION } from './schema'
import { useHistoryFixture } from './testing/history-fixture'

const h = useHistoryFixture()

const draft = (title: string) => ({
  triggerId: 't',
  eventId: 0,
  sourceId: 'ps2',
  title,
  body: '',
  urgency: 'normal' as const,
  firedAt: 1,
})

describe("Notifications' cluster keys in history", () => {
  it('are answered at once, and still after a restart', async () => {
    const history = h.open()
    const log = history.notifications
    const fresh = log.add(draft('fresh'))
    log.setKey(fresh.id, 'b_run_1')
    const unkeyed = log.add(draft('local'))
    // Named before its row is written, and after.
    expect(log.idOfKey('b_run_1')).toBe(fresh.id)
    await history.flush()
    const written = log.add(draft('written'))
    await history.flush()
    log.setKey(written.id, 'a_run_7')
    expect(log.keysOf([fresh.id, unkeyed.id, written.id])).toEqual(
      new Map([
        [fresh.id, 'b_run_1'],
        [written.id, 'a_run_7'],
      ]),
    )
    await h.close(history)

    const reopened = h.open().notifications
    expect(reopened.idOfKey('b_run_1')).toBe(fresh.id)
    expect(reopened.idOfKey('a_run_7')).toBe(written.id)
    expect(reopened.idOfKey('c_run_1')).toBeUndefined()
    expect(reopened.keysOf([fresh.id, unkeyed.id, written.id, 999])).toEqual(
      new Map([
        [fresh.id, 'b_run_1'],
        [written.id, 'a_run_7'],
      ]),
    )
  })

  it('go with a notification that never reached the disk, which is counted once', () => {
    const { db } = openHistoryDatabase(h.path)
    const log = new SqliteNotificationLog(db, 2)
    const ids = ['k1', 'k2', 'k3'].map((key) => {
      const { id } = log.add(draft(key))
      log.setKey(id, key)
      return id
    })
    expect(log.dropped).toBe(1)
    expect(log.idOfKey('k1')).toBeUndefined()
    expect(log.keysOf(ids)).toEqual(
      new Map([
        [ids[1]!, 'k2'],
        [ids[2]!, 'k3'],
      ]),
    )
    db.close()
  })

  it('come to a database of the second schema as a column added in place, its rows kept', async () => {
    const second = openHistoryDatabase(h.path, { migrations: HISTORY_MIGRATIONS.slice(0, 2) })
    second.db
      .prepare(
        'INSERT INTO notifications (id, trigger_id, event_id, source_id, title, body, urgency, fired_at, read, details) VALUES (1, ?, 0, ?, ?, ?, ?, 1, 0, NULL)',
      )
      .run('t', 'ps2', 'old', '', 'normal')
    second.db.close()
    const history = h.open()
    const log = history.notifications
    expect(log.list()).toEqual([{ ...draft('old'), id: 1, read: false }])
    expect(log.keysOf([1])).toEqual(new Map())
    log.setKey(1, 'a_run_1')
    await history.flush()
    expect(h.query('SELECT id, cluster_key FROM notifications')).toEqual([
      { id: 1, cluster_key: 'a_run_1' },
    ])
    const db = new DatabaseSync(h.path, { readOnly: true })
    expect(db.prepare('PRAGMA user_version').get()).toEqual({
      user_version: HISTORY_SCHEMA_VERSION,
    })
    db.close()
  })
})
