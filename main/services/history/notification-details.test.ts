import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../testing/manual-clock'
import { silentLogger } from '../util/logger'
import { History } from './history'
import { openHistoryDatabase } from './history-db'
import { HISTORY_MIGRATIONS, HISTORY_SCHEMA_VERSION } from './schema'

let dir: string
let path: string
const opened: History[] = []

function open(): History {
  const history = History.open({
    path,
    clock: new ManualClock(),
    logger: silentLogger,
    retentionIntervalMs: 3_600_000,
  })
  opened.push(history)
  return history
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-notification-details-'))
  path = join(dir, 'history.sqlite')
})

afterEach(async () => {
  await Promise.all(opened.splice(0).map((history) => history.close()))
  await rm(dir, { recursive: true, force: true })
})

const draft = {
  triggerId: 't',
  eventId: 7,
  sourceId: 'ps2',
  title: 'T: 60 more',
  body: '',
  urgency: 'normal' as const,
  firedAt: 1,
}

describe('Notifications raised by no single match', () => {
  it("keep a digest's held-back ids and an expiry's kind across a restart", async () => {
    const history = open()
    const heldBack = { eventIds: [3, 4, 5], count: 60 }
    const digest = history.notifications.add({ ...draft, kind: 'digest', heldBack })
    const expired = history.notifications.add({ ...draft, eventId: 0, kind: 'expired' })
    const plain = history.notifications.add(draft)
    expect(history.notifications.list()[2]).toEqual({ ...digest, read: false })
    await history.close()
    opened.length = 0

    const reopened = open()
    const [third, second, first] = reopened.notifications.list()
    expect(first).toEqual({ ...draft, id: digest.id, read: false, kind: 'digest', heldBack })
    expect(second).toEqual({ ...draft, id: expired.id, eventId: 0, read: false, kind: 'expired' })
    // A plain match has neither key.
    expect(third).toEqual({ ...draft, id: plain.id, read: false })
  })

  it('come to a database of the first schema as a column added in place, its rows kept', async () => {
    const first = openHistoryDatabase(path, { migrations: HISTORY_MIGRATIONS.slice(0, 1) })
    first.db
      .prepare(
        'INSERT INTO notifications (id, trigger_id, event_id, source_id, title, body, urgency, fired_at, read) VALUES (1, ?, 7, ?, ?, ?, ?, 1, 0)',
      )
      .run('t', 'ps2', 'old', '', 'normal')
    first.db.close()
    const history = open()
    expect(history.notifications.list()).toEqual([{ ...draft, id: 1, title: 'old', read: false }])
    const db = new DatabaseSync(path, { readOnly: true })
    expect(db.prepare('PRAGMA user_version').get()).toEqual({
      user_version: HISTORY_SCHEMA_VERSION,
    })
    db.close()
  })
})
