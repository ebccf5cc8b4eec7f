import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VigilEvent } from '../../../shared/domain'
import { FieldCatalogue } from '../catalogue/field-catalogue'
import { ManualClock } from '../testing/manual-clock'
import { waitFor } from '../testing/test-server'
import { silentLogger } from '../util/logger'
import { History, type HistoryOptions } from './history'
import { HISTORY_MIGRATIONS, HISTORY_SCHEMA_VERSION } from './schema'
import { openHistoryDatabase } from './history-db'
import { databaseSize, enforceRetention } from './retention'

let dir: string
let path: string
let clock: ManualClock
const opened: History[] = []

function open(options: Partial<HistoryOptions> = {}): History {
  const history = History.open({
    path,
    clock,
    logger: silentLogger,
    retentionIntervalMs: 3_600_000,
    ...options,
  })
  opened.push(history)
  return history
}

function event(id: number, extra: Partial<VigilEvent> = {}): VigilEvent {
  return {
    id,
    sourceId: 'ps2',
    type: 'Death',
    receivedAt: clock.now(),
    payload: { character_id: String(5_428_000 + id), world_id: '1' },
    ...extra,
  }
}

function query<T>(sql: string, ...params: (string | number)[]): T[] {
  const db = new DatabaseSync(path, { readOnly: true })
  try {
    return db.prepare(sql).all(...params) as T[]
  } finally {
    db.close()
  }
}
const count = (table: string) => query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)[0]!.n

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-history-'))
  path = join(dir, 'history.sqlite')
  clock = new ManualClock()
})

afterEach(async () => {
  await Promise.all(opened.splice(0).map((history) => history.close()))
  await rm(dir, { recursive: true, force: true })
})

describe('History batching', () => {
  it('holds events in memory until the batch interval, then writes them in one batch', async () => {
    const history = open()
    for (let id = 1; id <= 250; id++) history.events.record(event(id))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(count('events')).toBe(0)
    expect(history.stats().events).toEqual({ written: 0, pending: 250, dropped: 0 })

    clock.advance(100)
    await history.flush()
    expect(count('events')).toBe(250)
    expect(history.stats().events).toEqual({ written: 250, pending: 0, dropped: 0 })
    const [row] = query<{ payload: string; received_at: number }>(
      'SELECT payload, received_at FROM events WHERE id = 7',
    )
    expect(JSON.parse(row!.payload)).toEqual({ character_id: '5428007', world_id: '1' })
    expect(row!.received_at).toBe(clock.now() - 100)
  })

  it('drops what memory cannot hold while the disk falls behind, and counts it', async () => {
    const history = open({ events: { maxPending: 10 } })
    for (let id = 1; id <= 15; id++) history.events.record(event(id))
    await history.flush()
    expect(history.stats().events).toEqual({ written: 10, pending: 0, dropped: 5 })
  })

  it('goes on writing after a batch it could not serialise, and counts that batch dropped', async () => {
    const errors: string[] = []
    const history = open({ logger: { ...silentLogger, error: (message) => errors.push(message) } })
    // Deeper than JSON.stringify can go. Sources refuse such frames; history must not rely on it.
    let deep: unknown = 1
    for (let level = 0; level < 100_000; level++) deep = [deep]
    history.events.record(event(1))
    history.events.record(event(2, { payload: deep }))
    clock.advance(100)
    expect(errors).toEqual([
      expect.stringMatching(/^history: a write batch could not be prepared: .*call stack/),
    ])

    history.events.record(event(3))
    clock.advance(100)
    await waitFor(() => history.stats().events.written === 1, 'the next batch to be written')
    expect(history.stats().events).toEqual({ written: 1, pending: 0, dropped: 2 })
    expect(query<{ id: number }>('SELECT id FROM events')).toEqual([{ id: 3 }])
  })

  it('splits a backlog larger than one batch into several transactions', async () => {
    const history = open({ events: { batchRows: 100 } })
    for (let id = 1; id <= 1_050; id++) history.events.record(event(id))
    await history.flush()
    expect(count('events')).toBe(1_050)
  })
})

describe('History across a restart', () => {
  it('keeps events, notifications, firings, counters and the catalogue, and numbers on', async () => {
    const first = open()
    const catalogue = new FieldCatalogue()
    first.persistCatalogue(catalogue)
    for (let id = 1; id <= 5; id++) {
      const e = event(id)
      first.events.record(e)
      catalogue.observe(e)
    }
    const n = first.notifications.add({
      triggerId: 't1',
      eventId: 3,
      sourceId: 'ps2',
      title: 'Killed',
      body: 'by 5428003',
      urgency: 'normal',
      firedAt: clock.now(),
    })
    first.firings.record({ triggerId: 't1', eventId: 3, sourceId: 'ps2', at: 1, outcome: 'fired' })
    first.firings.record({
      triggerId: 't1',
      eventId: 4,
      sourceId: 'ps2',
      at: 2,
      outcome: 'suppressed',
      reason: 'cooldown',
    })
    const counters = {
      t1: { evaluated: 5, matched: 2, fired: 1, suppressed: { cooldown: 1 }, lastFiredAt: 1 },
    }
    first.counters.save(counters)
    await first.close()

    const second = open()
    const restored = new FieldCatalogue()
    second.persistCatalogue(restored)
    expect(second.lastEventId).toBe(5)
    expect((await second.search({})).events.map((e) => e.id)).toEqual([5, 4, 3, 2, 1])
    expect(second.notifications.list()).toEqual([{ ...n, read: false }])
    expect(second.notifications.add({ ...n, title: 'again' }).id).toBe(n.id + 1)
    expect(second.counters.load()).toEqual(counters)
    expect(query('SELECT trigger_id, event_id, outcome, reason FROM firings ORDER BY id')).toEqual([
      { trigger_id: 't1', event_id: 3, outcome: 'fired', reason: null },
      { trigger_id: 't1', event_id: 4, outcome: 'suppressed', reason: 'cooldown' },
    ])
    expect(restored.get()).toEqual(catalogue.get())
    expect(restored.get()[0]!.fields.map((f) => f.path)).toEqual(['character_id', 'world_id'])
  })

  it('deletes the catalogue rows of a forgotten source and of types pushed out', async () => {
    const first = open()
    const catalogue = new FieldCatalogue({ maxTypesPerSource: 2 })
    first.persistCatalogue(catalogue)
    catalogue.observe(event(1))
    catalogue.observe(event(2, { type: 'Login' }))
    catalogue.observe(event(3, { sourceId: 'replay-x' }))
    await first.flush()
    const rows = () => query('SELECT source_id, type FROM catalogue ORDER BY source_id, type')
    expect(rows()).toHaveLength(3)

    catalogue.forget('replay-x')
    clock.advance(1_000)
    catalogue.observe(event(4, { type: 'Logout' }))
    clock.advance(5_000)
    await first.flush()
    expect(rows()).toEqual([
      { source_id: 'ps2', type: 'Login' },
      { source_id: 'ps2', type: 'Logout' },
    ])
    await first.close()

    const restored = new FieldCatalogue()
    open().persistCatalogue(restored)
    expect(restored.get().map((e) => [e.sourceId, e.type])).toEqual([
      ['ps2', 'Login'],
      ['ps2', 'Logout'],
    ])
  })

  it('continues numbering after the last event even when retention removed them all', async () => {
    const first = open()
    first.events.record(event(41, { receivedAt: 0 }))
    await first.flush()
    await first.runRetention()
    expect(count('events')).toBe(0)
    await first.close()
    expect(open().lastEventId).toBe(41)
  })
})

describe('History search', () => {
  it('filters by source, type, time and text, newest first, in pages', async () => {
    const history = open()
    const base = clock.now()
    history.events.record(event(1, { receivedAt: base + 1, type: 'Login' }))
    history.events.record(event(2, { receivedAt: base + 2, sourceId: 'other' }))
    history.events.record(event(3, { receivedAt: base + 3, payload: { note: '100% sure_' } }))
    history.events.record(event(4, { receivedAt: base + 4, payload: { note: '100 percent' } }))
    history.events.record(event(5, { receivedAt: base + 5, payload: { Name: 'WATER level' } }))
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
    const history = open()
    history.events.record(event(1, { payload: { msg: 'say "hi"', p: 'C:\\dir' } }))
    history.events.record(event(2, { payload: { msg: 'say hi', p: 'C:/dir' } }))
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
    const history = open()
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
    expect(query('SELECT id FROM notifications WHERE read = 0')).toEqual([{ id: b1.id }])

    const b2 = log.add(draft('b2'))
    expect(log.markRead('all')).toBe(2)
    expect(log.unreadCount()).toBe(0)
    expect(log.list().every((n) => n.read)).toBe(true)
    await history.flush()
    expect(count('notifications')).toBe(4)
    expect(query('SELECT id FROM notifications WHERE read = 0')).toEqual([])
    expect(log.list({ limit: 1 })[0]!.id).toBe(b2.id)
  })
})

describe('History retention', () => {
  const threadOf = (history: History) =>
    (history as unknown as { thread: Parameters<typeof databaseSize>[0] }).thread
  const sizeOf = (history: History) => databaseSize(threadOf(history))
  const trimToTwoMegabytes = (history: History) =>
    enforceRetention(threadOf(history), { retentionDays: 30, maxSizeMb: 2 }, clock.now(), {
      chunkRows: 200,
    })

  it('removes events, notifications and firings older than the age limit', async () => {
    const history = open({ retention: { retentionDays: 1, maxSizeMb: 1024 } })
    const old = clock.now() - 2 * 86_400_000
    for (let id = 1; id <= 4_500; id++) history.events.record(event(id, { receivedAt: old + id }))
    await history.flush()
    history.events.record(event(4_501))
    history.notifications.add({ ...notificationAt(old) })
    history.notifications.add({ ...notificationAt(clock.now()) })
    history.firings.record({
      triggerId: 't',
      eventId: 1,
      sourceId: 'ps2',
      at: old,
      outcome: 'fired',
    })
    await history.flush()

    const report = await history.runRetention()
    expect(report!.deleted).toEqual({ events: 4_500, notifications: 1, firings: 1 })
    expect(query('SELECT id FROM events')).toEqual([{ id: 4_501 }])
    expect(count('notifications')).toBe(1)
    expect(history.notifications.unreadCount()).toBe(1)
  })

  it('removes the oldest events until the database fits its size limit, and shrinks the file', async () => {
    const history = open({ events: { batchRows: 100 } })
    const text = 'x'.repeat(2_000)
    for (let id = 1; id <= 3_000; id++) history.events.record(event(id, { payload: { text } }))
    await history.flush()
    expect((await sizeOf(history)).used).toBeGreaterThan(5 * 1024 * 1024)

    const report = await trimToTwoMegabytes(history)
    expect(report.sizeBytes).toBeLessThanOrEqual(2 * 1024 * 1024)
    const ids = query<{ id: number }>('SELECT id FROM events ORDER BY id').map((r) => r.id)
    expect(ids.at(-1)).toBe(3_000)
    expect(ids[0]).toBeGreaterThan(1)
    expect(ids.length).toBe(3_000 - ids[0]! + 1)
    expect((await sizeOf(history)).free).toBe(0)
  })

  it('trims notifications too, oldest first by time, when they take the space', async () => {
    const history = open()
    const start = clock.now() - 10_000
    // Its own write batch, so its own page.
    history.events.record(event(1, { receivedAt: start }))
    await history.flush()
    const body = 'n'.repeat(1_000)
    for (let i = 1; i <= 3_000; i++) {
      history.notifications.add({ ...notificationAt(start + i), body })
    }
    for (let id = 2; id <= 4; id++) history.events.record(event(id, { receivedAt: start + 5_000 }))
    await history.flush()
    expect((await sizeOf(history)).used).toBeGreaterThan(3 * 1024 * 1024)

    const report = await trimToTwoMegabytes(history)
    expect(report.sizeBytes).toBeLessThanOrEqual(2 * 1024 * 1024)
    // The event older than every notification went with the oldest of them; the newer ones stay.
    expect(query('SELECT id FROM events ORDER BY id')).toEqual([{ id: 2 }, { id: 3 }, { id: 4 }])
    const left = query<{ fired_at: number }>('SELECT fired_at FROM notifications ORDER BY fired_at')
    expect(report.deleted).toEqual({ events: 1, notifications: 3_000 - left.length, firings: 0 })
    expect(left.length).toBeGreaterThan(0)
    // What is left is the newest notifications, none missing in between.
    expect(left.at(-1)!.fired_at).toBe(start + 3_000)
    expect(left[0]!.fired_at).toBe(start + 3_000 - left.length + 1)
  })

  it('lets write batches through while a long cleanup runs', async () => {
    const history = open({ events: { batchRows: 100 } })
    const old = clock.now() - 2 * 86_400_000
    for (let id = 1; id <= 60_000; id++) history.events.record(event(id, { receivedAt: old }))
    await history.flush()

    let cleaned = false
    // One page (100 events) per delete: 600 small transactions.
    const run = enforceRetention(
      threadOf(history),
      { retentionDays: 1, maxSizeMb: 1024 },
      clock.now(),
      {
        chunkRows: 20,
      },
    ).then(() => (cleaned = true))
    // Once the cleanup has begun, a write goes between two of its chunks.
    await waitFor(() => count('events') < 60_000, 'the first chunk')
    history.events.record(event(60_001))
    await history.flush()
    expect(cleaned).toBe(false)
    expect(query('SELECT id FROM events WHERE id = 60001')).toHaveLength(1)
    await run
    expect(count('events')).toBe(1)
  })
})

function notificationAt(firedAt: number) {
  return {
    triggerId: 't',
    eventId: 1,
    sourceId: 'ps2',
    title: 'x',
    body: '',
    urgency: 'low' as const,
    firedAt,
  }
}

describe('History database file', () => {
  it('moves a file that is not a database aside and starts a new history', async () => {
    await writeFile(path, 'this is not a database '.repeat(100))
    const history = open()
    history.events.record(event(1))
    await history.flush()
    expect(count('events')).toBe(1)
    expect((await readdir(dir)).some((name) => name.startsWith('history.sqlite.corrupt-'))).toBe(
      true,
    )
  })

  it('refuses a database from a newer Vigil and leaves it untouched', async () => {
    open()
    await opened.pop()!.close()
    const db = new DatabaseSync(path)
    db.exec('PRAGMA user_version = 99')
    db.close()
    expect(() => open()).toThrow(/newer Vigil \(schema 99/)
    expect(query<{ user_version: number }>('PRAGMA user_version')[0]!.user_version).toBe(99)
  })

  it('applies later migrations to an existing file, once', () => {
    const first = openHistoryDatabase(path)
    first.db.close()
    const version = HISTORY_SCHEMA_VERSION + 1
    const next = [...HISTORY_MIGRATIONS, { version, sql: 'CREATE TABLE extra (x INTEGER)' }]
    const second = openHistoryDatabase(path, { migrations: next })
    expect(second.migratedFrom).toBe(HISTORY_SCHEMA_VERSION)
    second.db.close()
    const third = openHistoryDatabase(path, { migrations: next })
    expect(third.migratedFrom).toBe(version)
    third.db.close()
    expect(query('SELECT name FROM sqlite_schema WHERE name = ?', 'extra')).toHaveLength(1)
  })
})
