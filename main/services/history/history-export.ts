/**
 * Exports: events or notifications as JSON Lines or CSV, streamed. Rows (event pages,
 * notifications) come one at a time from `statement.iterate()` and leave in ~64 KiB chunks as the
 * reader (a file, an HTTP response) asks for them, so memory stays flat however much history
 * there is.
 *
 * Each export reads on a read-only connection of its own, opened when its first chunk is asked
 * for and closed when it ends or its reader gives up. An open iteration holds its connection's
 * read snapshot for as long as the reader takes: on the engine's own connection, which also
 * serves the notification log, every notification committed meanwhile would stay invisible to
 * the log until the export ended. Closing the connection as soon as the export is done or
 * abandoned lets the write-ahead log be checkpointed again.
 *
 * JSON Lines: one object per line, the same shape as the REST API's. CSV (RFC 4180): a header
 * row, text quoted where needed, and text cells that a spreadsheet would run as a formula
 * (starting with = + - @ tab or CR) prefixed with `'`, since payloads come from remote servers.
 */

import { createWriteStream } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ExportRequest, ExportResult } from '../../../shared/history'
import type { VigilEvent } from '../../../shared/domain'
import { decodePage, type PageRow } from './event-pages'
import { BUSY_TIMEOUT_MS } from './history-db'
import {
  eventMatcher,
  notificationExportQuery,
  pageWhere,
  type NotificationRow,
} from './event-query'

const CHUNK_CHARS = 64 * 1024

export interface ExportProgress {
  rows: number
}

const EVENT_CSV_HEADER = 'id,sourceId,type,receivedAt,receivedAtIso,payload\r\n'
const NOTIFICATION_CSV_HEADER =
  'id,triggerId,eventId,sourceId,urgency,firedAt,firedAtIso,read,title,body\r\n'

/** One CSV cell of text: quoted when needed, formula-looking text defused. */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

const iso = (ms: number) => new Date(ms).toISOString()

function eventLine(event: VigilEvent, format: ExportRequest['format']): string {
  const payload = JSON.stringify(event.payload)
  if (format === 'jsonl') {
    return `{"id":${event.id},"sourceId":${JSON.stringify(event.sourceId)},"type":${JSON.stringify(event.type)},"receivedAt":${event.receivedAt},"payload":${payload}}\n`
  }
  const at = event.receivedAt
  return `${event.id},${csvText(event.sourceId)},${csvText(event.type)},${at},${iso(at)},${csvText(payload)}\r\n`
}

function notificationLine(row: NotificationRow, format: ExportRequest['format']): string {
  const read = Number(row.read) === 1
  const firedAt = Number(row.fired_at)
  if (format === 'jsonl') {
    return `${JSON.stringify({
      id: Number(row.id),
      triggerId: row.trigger_id,
      eventId: Number(row.event_id),
      sourceId: row.source_id,
      title: row.title,
      body: row.body,
      urgency: row.urgency,
      firedAt,
      read,
    })}\n`
  }
  return (
    [
      Number(row.id),
      csvText(row.trigger_id),
      Number(row.event_id),
      csvText(row.source_id),
      csvText(row.urgency),
      firedAt,
      iso(firedAt),
      read,
      csvText(row.title),
      csvText(row.body),
    ].join(',') + '\r\n'
  )
}

/**
 * Stored events oldest first. Pages come in block order; a block's pages are gathered (one write
 * batch at most, so memory stays bounded) and merged by id before they are emitted.
 */
function* storedEvents(db: DatabaseSync, request: ExportRequest): Generator<VigilEvent> {
  const where = pageWhere(request)
  const keep = eventMatcher(request)
  const pages = db
    .prepare(`SELECT block, source_id, type, events FROM event_pages${where.sql} ORDER BY block`)
    .iterate(...where.params) as Iterable<PageRow>
  let block: number | null = null
  let gathered: VigilEvent[] = []
  for (const page of pages) {
    if (page.block !== block) {
      yield* gathered.sort((a, b) => a.id - b.id)
      gathered = []
      block = page.block
    }
    gathered.push(...decodePage(page, keep))
  }
  yield* gathered.sort((a, b) => a.id - b.id)
}

function* notificationRows(db: DatabaseSync, request: ExportRequest): Generator<NotificationRow> {
  const { sql, params } = notificationExportQuery(request)
  yield* db.prepare(sql).iterate(...params) as Iterable<NotificationRow>
}

/**
 * Text chunks of the whole export of the database file at `databasePath`, read on a connection
 * of the export's own (see above); `progress.rows` counts the rows emitted so far. The connection
 * is closed when the generator finishes, fails or is abandoned (`return()`, as a destroyed
 * stream does).
 */
export function* exportChunks(
  databasePath: string,
  request: ExportRequest,
  progress: ExportProgress = { rows: 0 },
): Generator<string> {
  // Opened here rather than by the caller, so an export that is never read opens nothing.
  const db = new DatabaseSync(databasePath, { readOnly: true, timeout: BUSY_TIMEOUT_MS })
  try {
    yield* chunksFrom(db, request, progress)
  } finally {
    db.close()
  }
}

function* chunksFrom(
  db: DatabaseSync,
  request: ExportRequest,
  progress: ExportProgress,
): Generator<string> {
  const events = request.kind === 'events'
  let chunk = request.format === 'csv' ? (events ? EVENT_CSV_HEADER : NOTIFICATION_CSV_HEADER) : ''
  const lines = events
    ? mapIterable(storedEvents(db, request), (event) => eventLine(event, request.format))
    : mapIterable(notificationRows(db, request), (row) => notificationLine(row, request.format))
  for (const line of lines) {
    chunk += line
    progress.rows++
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk
      chunk = ''
    }
  }
  if (chunk !== '') yield chunk
}

function* mapIterable<T, U>(items: Iterable<T>, map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item)
}

/**
 * A byte stream of the export of the database at `databasePath`, pulled as its consumer reads
 * (backpressure included).
 */
export function exportStream(
  databasePath: string,
  request: ExportRequest,
  progress?: ExportProgress,
): Readable {
  return Readable.from(exportChunks(databasePath, request, progress), { objectMode: false })
}

/** Writes an export to a new file (never over an existing one), readable by its owner only. */
export async function exportToFile(
  databasePath: string,
  request: ExportRequest,
  path: string,
): Promise<ExportResult> {
  const progress: ExportProgress = { rows: 0 }
  const file = createWriteStream(path, { flags: 'wx', mode: 0o600 })
  await pipeline(exportStream(databasePath, request, progress), file)
  return { path, rows: progress.rows, bytes: file.bytesWritten }
}

export function exportContentType(format: ExportRequest['format']): string {
  return format === 'jsonl' ? 'application/x-ndjson; charset=utf-8' : 'text/csv; charset=utf-8'
}
