/**
 * Messages between the engine and the SQLite worker thread (sqlite-worker.ts). The worker is an
 * executor: every statement is written on the engine side, where it can be read and tested beside
 * the code that needs it. It knows one layout, event pages (event-pages.ts), because it builds
 * their rows: that is where payloads are serialised, off the socket's thread.
 */

import type { PayloadPlace } from '../presets/preset'

export type SqlValue = null | number | bigint | string | Uint8Array

/** A write batch's events, in columns that cost little to post to the SQLite thread. */
export interface EventColumns {
  /** Ascending, as the EventFlow numbers them. */
  ids: Float64Array
  receivedAt: Float64Array
  /** Each event's (source, type) pair: `pairs[2k]` is the source id, `pairs[2k + 1]` the type. */
  pair: Uint32Array
  pairs: string[]
  /** Each event's payload place, an index into `places`; -1: `texts[i]` is the payload's JSON. */
  place: Int16Array
  places: PayloadPlace[]
  /** Each event's frame text as received, or its payload's JSON (see `place`). */
  texts: string[]
}

/** One statement run once per row of parameters. */
export interface RowsOp {
  sql: string
  rows: SqlValue[][]
}

/** The event-page insert, run once per page the thread builds from the batch's events. */
export interface PagesOp {
  sql: string
  events: EventColumns
}

export type WriteOp = RowsOp | PagesOp

/** Whether an op has nothing to write. */
export function isEmptyOp(op: WriteOp): boolean {
  return 'rows' in op ? op.rows.length === 0 : op.events.ids.length === 0
}

export type WorkerRequest =
  /** Every op of every row in one transaction: all of it is stored, or none. */
  | { id: number; kind: 'write'; ops: WriteOp[] }
  | { id: number; kind: 'query'; sql: string; params: SqlValue[] }
  /** Outside any transaction (pragmas such as incremental_vacuum). */
  | { id: number; kind: 'exec'; sql: string }
  | { id: number; kind: 'close' }

export type WorkerReply =
  | { id: number; ok: true; changes: number; rows: unknown[] }
  /** `errcode`: SQLite's result code when SQLite raised the error (13 is SQLITE_FULL). */
  | { id: number; ok: false; message: string; errcode?: number }

export interface WorkerData {
  path: string
  busyTimeoutMs: number
}
