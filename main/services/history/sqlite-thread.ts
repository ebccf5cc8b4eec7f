/**
 * The engine's handle on the SQLite worker thread: every call is a message, answered in order.
 * A write sent before a query is committed before that query runs, which is how readers see
 * everything recorded before they asked.
 */

import { Worker } from 'node:worker_threads'
import type { SqlValue, WorkerData, WorkerReply, WorkerRequest, WriteOp } from './sqlite-protocol'

/** SQLite's primary result code for "database or disk is full". */
export const SQLITE_FULL = 13

/** An error SQLite raised on the thread, with its result code. */
export class SqliteError extends Error {
  override readonly name = 'SqliteError'
  constructor(
    message: string,
    readonly errcode: number | undefined,
  ) {
    super(message)
  }
}

type Pending = {
  resolve: (reply: WorkerReply & { ok: true }) => void
  reject: (error: Error) => void
}

/** Omit applied to each member of a union, so every request kind keeps its own fields. */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
/** Requests without their id, which the thread assigns. */
type Request = OmitEach<WorkerRequest, 'id'>

export class SqliteThread {
  private readonly worker: Worker
  private readonly waiting = new Map<number, Pending>()
  private nextId = 1
  private failure: Error | undefined
  private closing: Promise<void> | undefined

  constructor(workerPath: string, data: WorkerData) {
    // A small young generation: the thread is handed every frame's text, and with V8's default
    // semi-spaces its heap grew by some 150 MB under a flood of small frames (npm run soak went
    // past 512 MB of RSS on an idle machine); 8 MB keeps it flat at the same throughput.
    this.worker = new Worker(workerPath, {
      workerData: data,
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    })
    // Like the engine's timers, the thread never keeps the process alive on its own; it is
    // referenced only while an answer is awaited, so a pending write is never cut off.
    this.worker.unref()
    this.worker.on('message', (reply: WorkerReply) => this.settle(reply))
    this.worker.on('error', (error: Error) => this.fail(error))
    this.worker.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`the history thread stopped (exit code ${code})`))
    })
  }

  /** Runs every op in one transaction; answers the number of rows changed. */
  async write(ops: WriteOp[]): Promise<number> {
    return (await this.send({ kind: 'write', ops })).changes
  }

  async query<T>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    return (await this.send({ kind: 'query', sql, params })).rows as T[]
  }

  async exec(sql: string): Promise<void> {
    await this.send({ kind: 'exec', sql })
  }

  /** Answers once everything sent before has been applied and the database is closed. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (!this.failure) await this.send({ kind: 'close' }, true)
      } finally {
        await this.worker.terminate()
      }
    })()
    return this.closing
  }

  private send(request: Request, closing = false): Promise<WorkerReply & { ok: true }> {
    if (this.failure) return Promise.reject(this.failure)
    if (this.closing && !closing) return Promise.reject(new Error('history is closed'))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) this.worker.ref()
      this.waiting.set(id, { resolve, reject })
      this.worker.postMessage({ ...request, id } as WorkerRequest)
    })
  }

  private settle(reply: WorkerReply): void {
    const pending = this.waiting.get(reply.id)
    if (!pending) return
    this.waiting.delete(reply.id)
    if (this.waiting.size === 0) this.worker.unref()
    if (reply.ok) pending.resolve(reply)
    else pending.reject(new SqliteError(reply.message, reply.errcode))
  }

  private fail(error: Error): void {
    this.failure ??= error
    for (const pending of this.waiting.values()) pending.reject(error)
    this.waiting.clear()
  }
}
