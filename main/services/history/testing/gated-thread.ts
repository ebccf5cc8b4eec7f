/**
 * A SQLite thread whose writes can be held back, for tests of a disk that falls behind: while
 * held, write batches wait (queries do not), as they would behind a slow disk. Test-only.
 */

import type { WriteOp } from '../sqlite-protocol'
import { SqliteThread } from '../sqlite-thread'

export class GatedThread extends SqliteThread {
  private gate: Promise<void> | undefined
  private open: (() => void) | undefined
  /** Resolves when the write before is about to be posted: writes still reach the thread in order. */
  private previous: Promise<void> = Promise.resolve()
  /** Write batches that arrived while held. */
  held = 0

  hold(): void {
    this.gate ??= new Promise((resolve) => (this.open = resolve))
  }

  release(): void {
    this.open?.()
    this.gate = undefined
  }

  override write(ops: WriteOp[]): Promise<number> {
    if (this.gate) this.held++
    const ready = this.previous.then(async () => {
      while (this.gate) await this.gate
    })
    this.previous = ready
    return ready.then(() => super.write(ops))
  }
}
