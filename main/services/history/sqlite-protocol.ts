/**
 * Messages between the engine and the SQLite worker thread (sqlite-worker.ts). The worker is a
 * plain executor: it knows no table, so every statement is written on the engine side, where it
 * can be read and tested beside the code that needs it.
 */

export type SqlValue = null | number | bigint | string | Uint8Array

/** One statement run once per row of parameters. */
export interface WriteOp {
  sql: string
  rows: SqlValue[][]
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
