/**
 * SQL for reading stored events and notifications, built from the contract's filters. Values are
 * always bound, never spliced into the text.
 *
 * Events are stored in pages (see event-pages.ts), so an event search is two steps: SQL picks the
 * pages that can hold a match (by source, type, time bounds and text), then each candidate page's
 * events are checked one by one with exactly the same rules.
 *
 * Free text is looked for in the payload's JSON text, where a string's `"` is stored as `\"` and
 * `\` as `\\`. So the user's text matches in either of two forms (`textForms`): as typed, which
 * finds the JSON's own structure (`"world_id":"17"`), and escaped the way JSON.stringify wrote the
 * payload, which finds values holding quotes or backslashes as typed (`say "hi"`, `C:\dir`). Text
 * without either has one form, and one LIKE per page.
 *
 * Free text uses LIKE over the JSON text rather than an FTS5 index: FTS5 would cost several times
 * the rest of a write on the hot path, and matches whole tokens while users search for fragments
 * of ids and values. A newest-first search stops at its limit, so common terms answer at once; a
 * term that matches nothing scans every page (`npm run bench` prints that time over
 * 1,000,000 events).
 */

import type { EventQuery } from '../../../shared/domain'
import type { ExportRequest } from '../../../shared/history'
import type { SqlValue } from './sqlite-protocol'

export interface SqlQuery {
  sql: string
  params: SqlValue[]
}

/** The user's text as typed and, when that differs, as it appears inside a JSON string. */
function textForms(text: string): string[] {
  const escaped = JSON.stringify(text).slice(1, -1)
  return escaped === text ? [text] : [text, escaped]
}

/** LIKE patterns for each form of the user's text (see `textForms`). */
function textPatterns(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : textForms(text).map(likePattern)
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

  /** A clause with several placeholders, one value each, in order. */
  addAll(clause: string, values: readonly SqlValue[]): this {
    this.clauses.push(clause)
    this.params.push(...values)
    return this
  }

  /** The clause (one placeholder) once per value, OR-ed: true when any value matches. */
  addAny(clause: string, values: readonly SqlValue[] | undefined): this {
    if (values !== undefined && values.length > 0) {
      const any = values.map(() => clause).join(' OR ')
      this.clauses.push(values.length > 1 ? `(${any})` : any)
      this.params.push(...values)
    }
    return this
  }

  get sql(): string {
    return this.clauses.length ? ` WHERE ${this.clauses.join(' AND ')}` : ''
  }
}

export type EventFilter = Pick<EventQuery, 'source' | 'type' | 'from' | 'to' | 'q' | 'before'>

/**
 * Pages that can hold an event matching the filter (a superset: check each event after). `p` is
 * the table alias to qualify columns with, in a join.
 */
export function pageWhere(filter: EventFilter, p = ''): Where {
  const column = (name: string) => (p ? `${p}.${name}` : name)
  return new Where()
    .add(`${column('source_id')} = ?`, filter.source)
    .add(`${column('type')} = ?`, filter.type)
    .add(`${column('last_at')} >= ?`, filter.from)
    .add(`${column('first_at')} <= ?`, filter.to)
    .add(`${column('first_id')} < ?`, filter.before)
    .addAny(`${column('events')} LIKE ? ESCAPE '\\'`, textPatterns(filter.q))
}

/**
 * The same filter applied to single events inside the candidate pages, for a query over
 * `event_pages AS p, json_each(p.events) AS e` (each `e.value` is `[id, receivedAt, payload]`).
 */
export function eventWhere(filter: EventFilter): Where {
  return new Where()
    .add('e.value ->> 0 < ?', filter.before)
    .add('e.value ->> 1 >= ?', filter.from)
    .add('e.value ->> 1 <= ?', filter.to)
    .addAny("e.value -> 2 LIKE ? ESCAPE '\\'", textPatterns(filter.q))
}

/** LIKE's case rule: only ASCII letters fold (SQLite without ICU). */
function foldAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase())
}

/** The exact per-event test, the same rules as `pageWhere` applied to one event. */
export function eventMatcher(
  filter: EventFilter,
): (id: number, receivedAt: number, payload: unknown) => boolean {
  const needles = filter.q === undefined ? undefined : textForms(filter.q).map(foldAscii)
  return (id, receivedAt, payload) =>
    (filter.before === undefined || id < filter.before) &&
    (filter.from === undefined || receivedAt >= filter.from) &&
    (filter.to === undefined || receivedAt <= filter.to) &&
    (needles === undefined || includesAny(foldAscii(JSON.stringify(payload)), needles))
}

function includesAny(text: string, needles: readonly string[]): boolean {
  return needles.some((needle) => text.includes(needle))
}

export const NOTIFICATION_COLUMNS =
  'id, trigger_id, event_id, source_id, title, body, urgency, fired_at, read, details'

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
  /** JSON of `kind` and `heldBack`, or null (schema version 2). */
  details: string | null
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
