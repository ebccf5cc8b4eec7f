/**
 * Exports: events or notifications as JSON Lines or CSV, streamed. Rows come one at a time from
 * `statement.iterate()` and leave in ~64 KiB chunks as the reader (a file, an HTTP response) asks
 * for them, so memory stays flat however much history there is.
 *
 * JSON Lines: one object per line, the same shape as the REST API's. CSV (RFC 4180): a header
 * row, text quoted where needed, and text cells that a spreadsheet would run as a formula
 * (starting with = + - @ tab or CR) prefixed with `'`, since payloads come from remote servers.
 */

import { createWriteStream } from 'node:fs'
import type { DatabaseSync } from 'node:sqlite'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ExportRequest, ExportResult } from '../../../shared/history'
import {
  eventExportQuery,
  notificationExportQuery,
  type EventRow,
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

function eventLine(row: EventRow, format: ExportRequest['format']): string {
  const id = Number(row.id)
  const at = Number(row.received_at)
  if (format === 'jsonl') {
    // The payload column is already JSON text; splicing it avoids a parse and re-serialise.
    return `{"id":${id},"sourceId":${JSON.stringify(row.source_id)},"type":${JSON.stringify(row.type)},"receivedAt":${at},"payload":${row.payload}}\n`
  }
  return `${id},${csvText(row.source_id)},${csvText(row.type)},${at},${iso(at)},${csvText(row.payload)}\r\n`
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

/** Text chunks of the whole export; `progress.rows` counts the rows emitted so far. */
export function* exportChunks(
  db: DatabaseSync,
  request: ExportRequest,
  progress: ExportProgress = { rows: 0 },
): Generator<string> {
  const events = request.kind === 'events'
  const { sql, params } = events ? eventExportQuery(request) : notificationExportQuery(request)
  let chunk = request.format === 'csv' ? (events ? EVENT_CSV_HEADER : NOTIFICATION_CSV_HEADER) : ''
  for (const row of db.prepare(sql).iterate(...params)) {
    chunk += events
      ? eventLine(row as unknown as EventRow, request.format)
      : notificationLine(row as unknown as NotificationRow, request.format)
    progress.rows++
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk
      chunk = ''
    }
  }
  if (chunk !== '') yield chunk
}

/** A byte stream of the export, pulled as its consumer reads (backpressure included). */
export function exportStream(
  db: DatabaseSync,
  request: ExportRequest,
  progress?: ExportProgress,
): Readable {
  return Readable.from(exportChunks(db, request, progress), { objectMode: false })
}

/** Writes an export to a new file (never over an existing one), readable by its owner only. */
export async function exportToFile(
  db: DatabaseSync,
  request: ExportRequest,
  path: string,
): Promise<ExportResult> {
  const progress: ExportProgress = { rows: 0 }
  const file = createWriteStream(path, { flags: 'wx', mode: 0o600 })
  await pipeline(exportStream(db, request, progress), file)
  return { path, rows: progress.rows, bytes: file.bytesWritten }
}

export function exportContentType(format: ExportRequest['format']): string {
  return format === 'jsonl' ? 'application/x-ndjson; charset=utf-8' : 'text/csv; charset=utf-8'
}
