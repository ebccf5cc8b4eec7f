/**
 * Batches every history write into one transaction about every 100 ms. Producers (events,
 * notifications, firings, counters, the catalogue) only append to memory on the hot path; the
 * queue collects what they hold into one message for the SQLite thread, so the engine's event
 * loop never waits for the disk.
 *
 * Losing power or crashing loses at most the batch being collected and the ones in flight; each
 * batch is a transaction, so the file never holds half of one.
 *
 * A batch that fails is reported to the owner (History), classified, once per batch; while
 * history is failing the owner slows the queue to a retry every few seconds (`retryAfter`), and
 * each retry carries a probe write, so a disk with room again is noticed even when nothing else
 * is waiting.
 */

import type { HistoryFailure } from '../../../shared/history-status'
import type { Clock, TimerHandle } from '../util/clock'
import { errorText } from '../../../shared/utils/error-text'
import type { Logger } from '../util/logger'
import { isEmptyOp, type WriteOp } from './sqlite-protocol'
import { SQLITE_FULL, type SqliteThread } from './sqlite-thread'

export interface WriteContributor {
  /** Ops for what was recorded since the last drain; `seq` names the batch they travel in. */
  drain(seq: number): WriteOp[]
  /** A full batch is waiting: it goes at once rather than at the next interval. */
  hasMore?(): boolean
  /** Batch `seq` was committed (`ok`), or failed (for `failure`) and is gone. */
  settled?(seq: number, ok: boolean, failure?: HistoryFailure): void
}

/** Why a batch was not committed, in words fit for the UI (SQLite's, never a path). */
export interface WriteFailure {
  reason: HistoryFailure
  message: string
}

export interface WriteQueueOptions {
  clock: Clock
  logger: Logger
  intervalMs?: number
  /** Batches sent but not yet committed before the queue stops sending and lets memory absorb. */
  maxInFlight?: number
  /** Every sent batch's outcome, once known: null when committed; `retry` for a retry's batch. */
  outcome?: (failure: WriteFailure | null, retry: boolean) => void
}

/**
 * The retry's probe: a write that needs room on the disk (a quarter megabyte, put and taken away
 * in the same transaction), so it fails while the disk is full and succeeds once a batch of
 * events would fit again.
 */
const PROBE: WriteOp[] = [
  {
    sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('probe', zeroblob(262144))",
    rows: [[]],
  },
  { sql: "DELETE FROM meta WHERE key = 'probe'", rows: [[]] },
]

export class WriteQueue {
  private readonly contributors: WriteContributor[] = []
  private timer: TimerHandle | undefined
  private seq = 0
  private inFlight = 0
  private last: Promise<void> = Promise.resolve()
  private closed = false
  private readonly intervalMs: number
  private readonly maxInFlight: number
  /** While history is failing: the pause between retries; null otherwise. */
  private retryMs: number | null = null
  /** A tick is due now, for a full batch (`wake`). */
  private woken = false
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

  /**
   * While history is failing, one batch (with a probe) every `ms` instead of the usual rhythm;
   * null goes back to it.
   */
  retryAfter(ms: number | null): void {
    this.retryMs = ms
    if (this.closed) return
    this.options.clock.clearTimeout(this.timer)
    this.schedule(ms ?? 0)
  }

  /**
   * A contributor has a full batch waiting (`hasMore`): it goes at the next turn of the event loop
   * rather than at the next interval, so what a flood's events hold (their frame texts) is not
   * kept for up to an interval, long enough for the engine's collector to copy and promote it.
   * With `maxInFlight` batches out, the next commit sends it (`sendBacklog`).
   */
  wake(): void {
    if (this.woken || this.closed || this.retryMs !== null || this.inFlight >= this.maxInFlight)
      return
    this.woken = true
    this.options.clock.clearTimeout(this.timer)
    this.schedule(0)
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
    this.woken = false
    if (this.retryMs !== null) return this.retry(this.retryMs)
    try {
      if (this.inFlight < this.maxInFlight) this.send()
    } catch (error) {
      this.options.logger.error(`history: a write batch was not sent: ${errorText(error)}`)
    }
    this.sendBacklog()
    this.schedule(this.intervalMs)
  }

  /**
   * Full batches still waiting go now, up to `maxInFlight`, rather than a batch per interval: at a
   * tick, and after each commit, so the SQLite thread is not left idle while a backlog grows.
   */
  private sendBacklog(): void {
    if (this.closed || this.retryMs !== null) return
    try {
      while (this.inFlight < this.maxInFlight && this.contributors.some((c) => c.hasMore?.())) {
        if (!this.send()) break
      }
    } catch (error) {
      this.options.logger.error(`history: a write batch was not sent: ${errorText(error)}`)
    }
  }

  private retry(ms: number): void {
    try {
      if (this.inFlight === 0) this.send(true)
    } catch (error) {
      this.options.logger.error(`history: a retry was not sent: ${errorText(error)}`)
    } finally {
      this.schedule(ms)
    }
  }

  /** Sends one batch (with the probe, if asked); false when there was nothing to send. */
  private send(probe = false): boolean {
    const seq = this.seq + 1
    const ops: WriteOp[] = []
    const drained: WriteContributor[] = []
    for (const contributor of this.contributors) {
      try {
        for (const op of contributor.drain(seq)) if (!isEmptyOp(op)) ops.push(op)
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
    if (probe) ops.push(...PROBE)
    if (ops.length === 0) return false
    this.seq = seq
    this.inFlight++
    this.last = this.thread.write(ops).then(
      () => {
        this.inFlight--
        for (const contributor of drained) contributor.settled?.(seq, true)
        this.options.outcome?.(null, probe)
        this.sendBacklog()
      },
      (error: unknown) => {
        this.inFlight--
        this.failedBatches++
        const failure = classify(error)
        // The owner hears first: a failure that starts an episode changes how the contributors'
        // lost rows are counted, and it says so once (not once per batch).
        this.options.outcome?.(failure, probe)
        for (const contributor of drained) contributor.settled?.(seq, false, failure.reason)
      },
    )
    return true
  }
}

/** SQLite's result code for a full disk, or ENOSPC from below it, is a state; the rest errors. */
export function classify(error: unknown): WriteFailure {
  const { errcode, code } = error as { errcode?: number; code?: string }
  const full = (errcode !== undefined && (errcode & 0xff) === SQLITE_FULL) || code === 'ENOSPC'
  return { reason: full ? 'disk-full' : 'write-error', message: errorText(error) }
}
