/**
 * NotificationLog on SQLite. `add` must answer at once with the stored id, and `list` must show
 * what was just added, while the rows themselves travel with the next write batch. So the log
 * keeps an overlay of what it has not yet seen committed (new notifications, and read and unread
 * marks, see read-marks.ts; cluster keys, see notification-keys.ts) and lays it over the database
 * on every read. Reads run on the engine's own connection: they are small, indexed and newest
 * first.
 */

import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { NotificationView, Urgency } from '../../../shared/domain'
import type {
  NotificationDraft,
  NotificationKeys,
  NotificationLog,
  NotificationQuery,
  UnreadQuery,
} from '../notify/notification-log'
import { NOTIFICATION_COLUMNS, Where, type NotificationRow } from './event-query'
import { PendingKeys } from './notification-keys'
import { ReadMarks } from './read-marks'
import type { SqlValue, WriteOp } from './sqlite-protocol'
import type { WriteContributor } from './write-queue'

const INSERT =
  'INSERT OR REPLACE INTO notifications (id, trigger_id, event_id, source_id, title, body, urgency, fired_at, read, details, cluster_key) ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
const SAVE_LAST_ID =
  "INSERT INTO meta (key, value) VALUES ('last_notification_id', ?) " +
  'ON CONFLICT (key) DO UPDATE SET value = excluded.value'

interface Pending {
  view: NotificationView
  /** Its cluster key, once it has one. */
  key?: string
  /** The batch carrying it, or null until one does. */
  seq: number | null
}

/**
 * Notifications held for the disk at most: a failed batch is retried with the next, so while
 * history cannot be written (a full disk) they wait here; past this the oldest waiting go.
 */
const MAX_UNSAVED = 10_000

export class SqliteNotificationLog implements NotificationLog, NotificationKeys, WriteContributor {
  private nextId: number
  private readonly overlay = new Map<number, Pending>()
  private readonly marks = new ReadMarks()
  private readonly keys: PendingKeys
  /** Prepared once: a host (re)joining looks up every shared read mark by its key. */
  private readonly idByKey: StatementSync
  private droppedNotifications = 0

  constructor(
    private readonly db: DatabaseSync,
    private readonly maxUnsaved = MAX_UNSAVED,
  ) {
    const row = db
      .prepare(
        "SELECT max(coalesce((SELECT max(id) FROM notifications), 0), coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_notification_id'), 0)) AS last",
      )
      .get() as { last: number }
    this.nextId = Number(row.last) + 1
    this.keys = new PendingKeys(maxUnsaved)
    this.idByKey = db.prepare(
      'SELECT id FROM notifications WHERE cluster_key = ? ORDER BY id DESC LIMIT 1',
    )
  }

  /** Notifications, or their cluster keys, that never reached the disk (more waited than MAX_UNSAVED). */
  get dropped(): number {
    return this.droppedNotifications + this.keys.dropped
  }

  setKey(id: number, key: string): void {
    const pending = this.overlay.get(id)
    if (pending) pending.key = key
    this.keys.set(id, key)
  }

  idOfKey(key: string): number | undefined {
    const pending = this.keys.idOf(key)
    if (pending !== undefined) return pending
    const row = this.idByKey.get(key) as { id: number } | undefined
    return row && Number(row.id)
  }

  keysOf(ids: readonly number[]): Map<number, string> {
    const keys = new Map<number, string>()
    const stored: number[] = []
    for (const id of ids) {
      const key = this.keys.keyOf(id)
      if (key === undefined) stored.push(id)
      else keys.set(id, key)
    }
    if (stored.length === 0) return keys
    const rows = this.db
      .prepare(
        'SELECT id, cluster_key FROM notifications WHERE cluster_key IS NOT NULL AND id IN (SELECT value FROM json_each(?))',
      )
      .all(JSON.stringify(stored)) as { id: number; cluster_key: string }[]
    for (const row of rows) keys.set(Number(row.id), row.cluster_key)
    return keys
  }

  add(draft: NotificationDraft): NotificationView {
    const view: NotificationView = { ...draft, id: this.nextId++, read: false }
    this.overlay.set(view.id, { view, seq: null })
    if (this.overlay.size > this.maxUnsaved) this.dropOldestWaiting()
    return { ...view }
  }

  list(query: NotificationQuery = {}): NotificationView[] {
    const limit = query.limit ?? 100
    const named = this.marks.namedIds()
    const where = new Where()
      .add('id < ?', query.beforeId)
      .add('trigger_id = ?', query.triggerId)
      .add('source_id = ?', query.sourceId)
    // Unread in the database, or named by a mark that may have made it unread since.
    if (query.unreadOnly)
      where.addAll('((read = 0 AND id > ?) OR id IN (SELECT value FROM json_each(?)))', [
        this.marks.allReadUpTo(),
        JSON.stringify([...named]),
      ])
    // Rows the overlay replaces or hides must not leave the page short.
    const extra = this.overlay.size + named.size
    const rows = this.db
      .prepare(
        `SELECT ${NOTIFICATION_COLUMNS} FROM notifications${where.sql} ORDER BY id DESC LIMIT ?`,
      )
      .all(...where.params, limit + extra) as unknown as NotificationRow[]

    const byId = new Map<number, NotificationView>()
    for (const row of rows) {
      const view = toView(row)
      view.read = this.marks.stateOf(view.id) ?? view.read
      byId.set(view.id, view)
    }
    for (const { view } of this.overlay.values()) {
      if (query.beforeId !== undefined && view.id >= query.beforeId) continue
      if (!matches(view, query)) continue
      byId.set(view.id, { ...view })
    }
    return [...byId.values()]
      .filter((view) => !(query.unreadOnly && view.read))
      .sort((a, b) => b.id - a.id)
      .slice(0, limit)
  }

  markRead(ids: readonly number[] | 'all'): number {
    if (ids === 'all') {
      const changed = this.unreadCount()
      for (const { view } of this.overlay.values()) view.read = true
      this.marks.markAllReadUpTo(this.nextId - 1)
      return changed
    }
    return this.mark(new Set(ids), true)
  }

  markUnread(ids: readonly number[]): number {
    return this.mark(new Set(ids), false)
  }

  /** Sets `read` on the ids that exist; answers how many changed. */
  private mark(wanted: Set<number>, read: boolean): number {
    let changed = 0
    const stored: number[] = []
    for (const id of wanted) {
      const pending = this.overlay.get(id)
      if (pending) {
        if (pending.view.read !== read) changed++
        pending.view.read = read
      } else stored.push(id)
    }
    if (stored.length > 0) {
      const rows = this.db
        .prepare('SELECT id, read FROM notifications WHERE id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(stored)) as { id: number; read: number }[]
      for (const row of rows) {
        const now = this.marks.stateOf(Number(row.id)) ?? Number(row.read) === 1
        if (now !== read) changed++
      }
    }
    // The mark also covers overlay ids, whose rows may already be committed.
    this.marks.mark(wanted, read)
    return changed
  }

  unreadCount(query: UnreadQuery = {}): number {
    const named = this.marks.namedIds()
    const unmarked = new Where()
      .add('read = 0 AND id > ?', this.marks.allReadUpTo())
      .add(
        'id NOT IN (SELECT value FROM json_each(?))',
        JSON.stringify([...this.overlay.keys(), ...named]),
      )
      .add('trigger_id = ?', query.triggerId)
      .add('source_id = ?', query.sourceId)
    const row = this.db
      .prepare(`SELECT count(*) AS n FROM notifications${unmarked.sql}`)
      .get(...unmarked.params) as { n: number }
    let unread = Number(row.n)
    // Rows a mark names: unread if the newest mark says so.
    const marked = [...named].filter((id) => !this.overlay.has(id))
    if (marked.length > 0) {
      const where = new Where()
        .add('id IN (SELECT value FROM json_each(?))', JSON.stringify(marked))
        .add('trigger_id = ?', query.triggerId)
        .add('source_id = ?', query.sourceId)
      const rows = this.db
        .prepare(`SELECT id FROM notifications${where.sql}`)
        .all(...where.params) as { id: number }[]
      for (const { id } of rows) if (this.marks.stateOf(Number(id)) === false) unread++
    }
    for (const { view } of this.overlay.values()) if (!view.read && matches(view, query)) unread++
    return unread
  }

  drain(seq: number): WriteOp[] {
    const inserts: SqlValue[][] = []
    for (const pending of this.overlay.values()) {
      if (pending.seq !== null) continue
      pending.seq = seq
      const v = pending.view
      inserts.push([
        v.id,
        v.triggerId,
        v.eventId,
        v.sourceId,
        v.title,
        v.body,
        v.urgency,
        v.firedAt,
        v.read ? 1 : 0,
        detailsText(v),
        pending.key ?? null,
      ])
    }
    const ops: WriteOp[] = [
      { sql: INSERT, rows: inserts },
      ...this.marks.drain(seq),
      ...this.keys.drain(seq),
    ]
    if (inserts.length > 0) ops.push({ sql: SAVE_LAST_ID, rows: [[String(this.nextId - 1)]] })
    return ops
  }

  settled(seq: number, ok: boolean): void {
    for (const [id, pending] of this.overlay) {
      if (pending.seq !== seq) continue
      // A failed batch is retried with the next one: notifications are few and precious.
      if (ok) this.overlay.delete(id)
      else pending.seq = null
    }
    this.marks.settled(seq, ok)
    this.keys.settled(seq, ok)
  }

  /** The oldest notification not in a batch goes (a Map iterates in insertion order). */
  private dropOldestWaiting(): void {
    for (const [id, pending] of this.overlay) {
      if (pending.seq !== null) continue
      this.overlay.delete(id)
      this.keys.forget(id)
      this.droppedNotifications++
      return
    }
  }
}

function matches(view: NotificationView, query: UnreadQuery): boolean {
  return (
    (query.triggerId === undefined || view.triggerId === query.triggerId) &&
    (query.sourceId === undefined || view.sourceId === query.sourceId)
  )
}

type Details = Pick<NotificationView, 'kind' | 'heldBack'>

/** The `details` column: what raised it when not one event's match; null for a match. */
function detailsText(view: NotificationView): string | null {
  if (view.kind === undefined) return null
  const details: Details = { kind: view.kind }
  if (view.heldBack) details.heldBack = view.heldBack
  return JSON.stringify(details)
}

function toView(row: NotificationRow): NotificationView {
  const view: NotificationView = {
    id: Number(row.id),
    triggerId: row.trigger_id,
    eventId: Number(row.event_id),
    sourceId: row.source_id,
    title: row.title,
    body: row.body,
    urgency: row.urgency as Urgency,
    firedAt: Number(row.fired_at),
    read: Number(row.read) === 1,
  }
  return row.details ? { ...view, ...readDetails(row.details) } : view
}

/** Written by `detailsText`; a row edited by hand into something else reads as a plain match. */
function readDetails(text: string): Details {
  try {
    const parsed = JSON.parse(text) as Details
    const details: Details = {}
    if (parsed.kind === 'digest' || parsed.kind === 'absence' || parsed.kind === 'expired')
      details.kind = parsed.kind
    const held = parsed.heldBack
    if (held && Array.isArray(held.eventIds) && typeof held.count === 'number')
      details.heldBack = { eventIds: held.eventIds.filter(Number.isInteger), count: held.count }
    return details
  } catch {
    return {}
  }
}
