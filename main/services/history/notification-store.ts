/**
 * NotificationLog on SQLite. `add` must answer at once with the stored id, and `list` must show
 * what was just added, while the rows themselves travel with the next write batch. So the log
 * keeps an overlay of what it has not yet seen committed (new notifications, read marks) and
 * lays it over the database on every read. Reads run on the engine's own connection: they are
 * small, indexed and newest first.
 */

import type { DatabaseSync } from 'node:sqlite'
import type { NotificationView, Urgency } from '../../../shared/domain'
import type {
  NotificationDraft,
  NotificationLog,
  NotificationQuery,
} from '../notify/notification-log'
import { NOTIFICATION_COLUMNS, Where, type NotificationRow } from './event-query'
import type { SqlValue, WriteOp } from './sqlite-protocol'
import type { WriteContributor } from './write-queue'

const INSERT =
  'INSERT OR REPLACE INTO notifications (id, trigger_id, event_id, source_id, title, body, urgency, fired_at, read, details) ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
const MARK_ONE = 'UPDATE notifications SET read = 1 WHERE id = ? AND read = 0'
const MARK_UP_TO = 'UPDATE notifications SET read = 1 WHERE read = 0 AND id <= ?'
const SAVE_LAST_ID =
  "INSERT INTO meta (key, value) VALUES ('last_notification_id', ?) " +
  'ON CONFLICT (key) DO UPDATE SET value = excluded.value'

interface Pending {
  view: NotificationView
  /** The batch carrying it, or null until one does. */
  seq: number | null
}

/** A read mark not yet seen committed: some ids, or every id up to `upTo`. */
interface Mark {
  ids: Set<number> | null
  upTo: number
  seq: number | null
}

export class SqliteNotificationLog implements NotificationLog, WriteContributor {
  private nextId: number
  private readonly overlay = new Map<number, Pending>()
  private marks: Mark[] = []

  constructor(private readonly db: DatabaseSync) {
    const row = db
      .prepare(
        "SELECT max(coalesce((SELECT max(id) FROM notifications), 0), coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_notification_id'), 0)) AS last",
      )
      .get() as { last: number }
    this.nextId = Number(row.last) + 1
  }

  add(draft: NotificationDraft): NotificationView {
    const view: NotificationView = { ...draft, id: this.nextId++, read: false }
    this.overlay.set(view.id, { view, seq: null })
    return { ...view }
  }

  list(query: NotificationQuery = {}): NotificationView[] {
    const limit = query.limit ?? 100
    const where = new Where()
      .add('id < ?', query.beforeId)
      .add('trigger_id = ?', query.triggerId)
      .add('source_id = ?', query.sourceId)
      .add('read = 0 AND id > ?', query.unreadOnly ? this.allReadUpTo() : undefined)
    // Rows the overlay replaces or hides must not leave the page short.
    const extra = this.overlay.size + this.markedIdCount()
    const rows = this.db
      .prepare(
        `SELECT ${NOTIFICATION_COLUMNS} FROM notifications${where.sql} ORDER BY id DESC LIMIT ?`,
      )
      .all(...where.params, limit + extra) as unknown as NotificationRow[]

    const byId = new Map<number, NotificationView>()
    for (const row of rows) {
      const view = toView(row)
      if (this.isMarked(view.id)) view.read = true
      byId.set(view.id, view)
    }
    for (const { view } of this.overlay.values()) {
      if (query.beforeId !== undefined && view.id >= query.beforeId) continue
      if (query.triggerId !== undefined && view.triggerId !== query.triggerId) continue
      if (query.sourceId !== undefined && view.sourceId !== query.sourceId) continue
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
      this.marks.push({ ids: null, upTo: this.nextId - 1, seq: null })
      return changed
    }
    const wanted = new Set(ids)
    let changed = 0
    const stored: number[] = []
    for (const id of wanted) {
      const pending = this.overlay.get(id)
      if (pending) {
        if (!pending.view.read) changed++
        pending.view.read = true
      } else if (!this.isMarked(id)) {
        stored.push(id)
      }
    }
    if (stored.length > 0) {
      const row = this.db
        .prepare(
          'SELECT count(*) AS n FROM notifications WHERE read = 0 AND id IN (SELECT value FROM json_each(?))',
        )
        .get(JSON.stringify(stored)) as { n: number }
      changed += Number(row.n)
    }
    // The mark also covers overlay ids, whose rows may already be committed as unread.
    if (wanted.size > 0) this.marks.push({ ids: wanted, upTo: 0, seq: null })
    return changed
  }

  unreadCount(): number {
    const hidden = [...this.overlay.keys()]
    for (const mark of this.marks) if (mark.ids) hidden.push(...mark.ids)
    const row = this.db
      .prepare(
        'SELECT count(*) AS n FROM notifications WHERE read = 0 AND id > ? AND id NOT IN (SELECT value FROM json_each(?))',
      )
      .get(this.allReadUpTo(), JSON.stringify(hidden)) as { n: number }
    let unread = Number(row.n)
    for (const { view } of this.overlay.values()) if (!view.read) unread++
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
      ])
    }
    const one: SqlValue[][] = []
    const upTo: SqlValue[][] = []
    for (const mark of this.marks) {
      if (mark.seq !== null) continue
      mark.seq = seq
      if (mark.ids) for (const id of mark.ids) one.push([id])
      else upTo.push([mark.upTo])
    }
    const ops: WriteOp[] = [
      { sql: INSERT, rows: inserts },
      { sql: MARK_ONE, rows: one },
      { sql: MARK_UP_TO, rows: upTo },
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
    if (ok) this.marks = this.marks.filter((mark) => mark.seq !== seq)
    else for (const mark of this.marks) if (mark.seq === seq) mark.seq = null
  }

  private isMarked(id: number): boolean {
    return this.marks.some((mark) => (mark.ids ? mark.ids.has(id) : id <= mark.upTo))
  }

  private allReadUpTo(): number {
    let upTo = 0
    for (const mark of this.marks) if (!mark.ids && mark.upTo > upTo) upTo = mark.upTo
    return upTo
  }

  private markedIdCount(): number {
    let count = 0
    for (const mark of this.marks) count += mark.ids?.size ?? 0
    return count
  }
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
