/**
 * Batches every history write into one transaction about every 100 ms. Producers (events,
 * notifications, firings, counters, the catalogue) only append to memory on the hot path; the
 * queue collects what they hold into one message for the SQLite thread, so the engine's event
 * loop never waits for the disk.
 *
 * Losing power or crashing loses at most the batch being collected and the ones in flight; each
 * batch is a transaction, so the file never holds half of one.
 */

import type { Clock, TimerHandle } from '../util/clock'
import { errorText } from '../util/error-text'
import type { Logger } from '../util/logger'
import type { WriteOp } from './sqlite-protocol'
import type { SqliteThread } from './sqlite-thread'

export interface WriteContributor {
  /** Ops for what was recorded since the last drain; `seq` names the batch they travel in. */
  drain(seq: number): WriteOp[]
  /** More is waiting than one batch takes. */
  hasMore?(): boolean
  /** Batch `seq` was committed (`ok`), or failed and is gone. */
  settled?(seq: number, ok: boolean): void
}

export interface WriteQueueOptions {
  clock: Clock
  logger: Logger
  intervalMs?: number
  /** Batches sent but not yet committed before the queue stops sending and lets memory absorb. */
  maxInFlight?: number
}

export class WriteQueue {
  private readonly contributors: WriteContributor[] = []
  private timer: TimerHandle | undefined
  private seq = 0
  private inFlight = 0
  private last: Promise<void> = Promise.resolve()
  private closed = false
  private readonly intervalMs: number
  private readonly maxInFlight: number
  /** Batches that failed to commit, for the logs and the benchmark. */
  failedBatches = 0

  constructor(
    private readonly thread: SqliteThread,
    private readonly options: WriteQueueOptions,
  ) {
    this.intervalMs = options.intervalMs ?? 100
    this.maxInFlight = options.maxInFlight ?? 4
  }

  add(contributor: WriteContributor): void {
    this.contributors.push(contributor)
  }

  start(): void {
    this.schedule(this.intervalMs)
  }

  /** Sends everything held now; resolves when it (and all before it) is committed or failed. */
  flush(): Promise<void> {
    while (this.send()) {
      // Until every contributor is empty: a backlog may take several batches.
    }
    return this.last
  }

  /** Flushes, then stops the timer; later writes are refused by the thread. */
  async close(): Promise<void> {
    this.closed = true
    this.options.clock.clearTimeout(this.timer)
    await this.flush()
  }

  private schedule(ms: number): void {
    if (this.closed) return
    this.timer = this.options.clock.setTimeout(() => this.tick(), ms)
  }

  /** The next tick is always scheduled: one that throws must not stop history for good. */
  private tick(): void {
    let more = false
    try {
      if (this.inFlight < this.maxInFlight) this.send()
      // A backlog larger than one batch goes out at once rather than a batch per interval.
      more = this.inFlight < this.maxInFlight && this.contributors.some((c) => c.hasMore?.())
    } catch (error) {
      this.options.logger.error(`history: a write batch was not sent: ${errorText(error)}`)
    } finally {
      this.schedule(more ? 0 : this.intervalMs)
    }
  }

  /** Sends one batch; false when there was nothing to send. */
  private send(): boolean {
    const seq = this.seq + 1
    const ops: WriteOp[] = []
    const drained: WriteContributor[] = []
    for (const contributor of this.contributors) {
      try {
        for (const op of contributor.drain(seq)) if (op.rows.length > 0) ops.push(op)
        drained.push(contributor)
      } catch (error) {
        // A contributor that cannot serialise what it holds (a value JSON.stringify throws on)
        // loses that batch of its own, as a failed write would; the others' rows still go.
        this.seq = seq
        this.options.logger.error(
          `history: a write batch could not be prepared: ${errorText(error)}`,
        )
        contributor.settled?.(seq, false)
      }
    }
    if (ops.length === 0) return false
    this.seq = seq
    this.inFlight++
    const settle = (ok: boolean) => {
      this.inFlight--
      for (const contributor of drained) contributor.settled?.(seq, ok)
    }
    this.last = this.thread.write(ops).then(
      () => settle(true),
      (error: unknown) => {
        this.failedBatches++
        this.options.logger.error(`history: a write batch failed: ${(error as Error).message}`)
        settle(false)
      },
    )
    return true
  }
}
