/**
 * The SQLite writer thread: one connection that applies history's write batches (each in one
 * transaction) and runs its heavy reads, so neither ever blocks the engine's event loop.
 *
 * Event pages are built here (event-pages.ts), so serialising payloads costs this thread, not the
 * socket's.
 *
 * Runs as its own module in a worker: erasable TypeScript only, importing only Node built-ins and
 * modules like it, by their `.ts` names (tests load this file directly with Node's type
 * stripping; the build emits it as `out/main/sqlite-worker.js`).
 */

import { DatabaseSync, type StatementSync } from 'node:sqlite'
import { parentPort, workerData } from 'node:worker_threads'
import { encodePages } from './event-pages.ts'
import type { WorkerData, WorkerReply, WorkerRequest } from './sqlite-protocol'

const MAX_CACHED_STATEMENTS = 64

const { path, busyTimeoutMs } = workerData as WorkerData
const db = new DatabaseSync(path, { timeout: busyTimeoutMs })
// NORMAL in WAL mode: a committed batch survives a process crash; only a power cut can lose the
// last few, and the file stays consistent either way.
db.exec('PRAGMA synchronous = NORMAL')
const statements = new Map<string, StatementSync>()

function statement(sql: string): StatementSync {
  let prepared = statements.get(sql)
  if (!prepared) {
    if (statements.size >= MAX_CACHED_STATEMENTS) statements.clear()
    prepared = db.prepare(sql)
    statements.set(sql, prepared)
  }
  return prepared
}

function handle(request: WorkerRequest): WorkerReply {
  switch (request.kind) {
    case 'write': {
      let changes = 0
      // IMMEDIATE takes the write lock up front, so a batch never fails half-way on a busy lock.
      db.exec('BEGIN IMMEDIATE')
      try {
        for (const op of request.ops) {
          const prepared = statement(op.sql)
          const rows = 'rows' in op ? op.rows : encodePages(op.events)
          for (const row of rows) changes += Number(prepared.run(...row).changes)
        }
        db.exec('COMMIT')
      } catch (error) {
        // SQLite rolls the transaction back itself on some errors (SQLITE_FULL, SQLITE_IOERR,
        // SQLITE_NOMEM): a ROLLBACK then would fail with "no transaction is active" and hide the
        // real cause.
        if (db.isTransaction) db.exec('ROLLBACK')
        throw error
      }
      return { id: request.id, ok: true, changes, rows: [] }
    }
    case 'query':
      return {
        id: request.id,
        ok: true,
        changes: 0,
        rows: statement(request.sql).all(...request.params),
      }
    case 'exec':
      db.exec(request.sql)
      return { id: request.id, ok: true, changes: 0, rows: [] }
    case 'close':
      statements.clear()
      try {
        db.exec('PRAGMA optimize')
      } catch {
        // Statistics are an optimisation: a full disk cannot take them, and closing matters more.
      }
      db.close()
      return { id: request.id, ok: true, changes: 0, rows: [] }
  }
}

parentPort!.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply
  try {
    reply = handle(request)
  } catch (error) {
    const { message, errcode } = error as Error & { errcode?: unknown }
    reply = { id: request.id, ok: false, message }
    if (typeof errcode === 'number') reply.errcode = errcode
  }
  parentPort!.postMessage(reply)
  if (request.kind === 'close' && reply.ok) parentPort!.close()
})
