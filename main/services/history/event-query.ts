/**
 * SQL for reading stored events and notifications, built from the contract's filters. Values are
 * always bound, never spliced into the text.
 *
 * Free text uses LIKE over the payload's JSON text rather than an FTS5 index: FTS5 cost 2-5x on
 * every insert (the hot path) and matches whole tokens, while users search for fragments of ids
 * and values. A newest-first search stops at its limit, so common terms answer at once; a term
 * that matches nothing scans the filtered rows (`npm run bench:history` prints that time over
 * 1,000,000 events).
 */

import type { EventQuery } from '../../../shared/domain'
import type { ExportRequest } from '../../../shared/history'
import type { SqlValue } from './sqlite-protocol'

export interface SqlQuery {
  sql: string
  params: SqlValue[]
}

export const EVENT_COLUMNS = 'id, source_id, type, received_at, payload'

export interface EventRow {
  id: number
  source_id: string
  type: string
  received_at: number
  payload: string
}

/** `%`, `_` and `\` in the user's text are literal characters. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** AND-ed conditions whose value is given; absent filters add nothing. */
export class Where {
  readonly params: SqlValue[] = []
  private readonly clauses: string[] = []

  add(clause: string, value: SqlValue | undefined): this {
    if (value !== undefined) {
      this.clauses.push(clause)
      this.params.push(value)
    }
    return this
  }

  get sql(): string {
    return this.clauses.length ? ` WHERE ${this.clauses.join(' AND ')}` : ''
  }
}

type EventFilter = Pick<EventQuery, 'source' | 'type' | 'from' | 'to' | 'q' | 'before'>

function eventWhere(filter: EventFilter): Where {
  return new Where()
    .add('source_id = ?', filter.source)
    .add('type = ?', filter.type)
    .add('received_at >= ?', filter.from)
    .add('received_at <= ?', filter.to)
    .add('id < ?', filter.before)
    .add("payload LIKE ? ESCAPE '\\'", filter.q === undefined ? undefined : likePattern(filter.q))
}

/** Newest first, one page. */
export function eventSearchQuery(query: EventQuery, limit: number): SqlQuery {
  const where = eventWhere(query)
  return {
    sql: `SELECT ${EVENT_COLUMNS} FROM events${where.sql} ORDER BY id DESC LIMIT ?`,
    params: [...where.params, limit],
  }
}

/** Oldest first, every match: what an export streams. */
export function eventExportQuery(request: ExportRequest): SqlQuery {
  const where = eventWhere(request)
  return {
    sql: `SELECT ${EVENT_COLUMNS} FROM events${where.sql} ORDER BY id`,
    params: where.params,
  }
}

export const NOTIFICATION_COLUMNS =
  'id, trigger_id, event_id, source_id, title, body, urgency, fired_at, read'

export interface NotificationRow {
  id: number
  trigger_id: string
  event_id: number
  source_id: string
  title: string
  body: string
  urgency: string
  fired_at: number
  read: number
}

export function notificationExportQuery(request: ExportRequest): SqlQuery {
  const where = new Where()
    .add('source_id = ?', request.source)
    .add('trigger_id = ?', request.trigger)
    .add('fired_at >= ?', request.from)
    .add('fired_at <= ?', request.to)
  return {
    sql: `SELECT ${NOTIFICATION_COLUMNS} FROM notifications${where.sql} ORDER BY id`,
    params: where.params,
  }
}
