/**
 * Read and unread marks the notification log has made but not yet seen committed. They are kept
 * in the order they were made, so the newest mark covering a notification decides its state (read
 * all, then one marked unread again: unread). A mark is written as the state its ids have when it
 * is drained, not as it was made: a batch that failed is retried after later ones committed, and
 * writing the current state keeps an older mark from undoing a newer one. So that the newer ones
 * are still known then, a written mark is forgotten only once every older one is written too.
 */

import type { SqlValue, WriteOp } from './sqlite-protocol'

const MARK_READ = 'UPDATE notifications SET read = 1 WHERE id = ? AND read = 0'
const MARK_UNREAD = 'UPDATE notifications SET read = 0 WHERE id = ? AND read = 1'
const MARK_READ_UP_TO = 'UPDATE notifications SET read = 1 WHERE read = 0 AND id <= ?'

/** Some ids set read or unread, or (`ids` null) every id up to `upTo` read. */
interface Mark {
  ids: ReadonlySet<number> | null
  upTo: number
  read: boolean
  /** The batch carrying it, or null until one does. */
  seq: number | null
  /** Its batch was committed. */
  done: boolean
}

export class ReadMarks {
  private marks: Mark[] = []

  mark(ids: ReadonlySet<number>, read: boolean): void {
    if (ids.size > 0) this.marks.push({ ids, upTo: 0, read, seq: null, done: false })
  }

  markAllReadUpTo(upTo: number): void {
    this.marks.push({ ids: null, upTo, read: true, seq: null, done: false })
  }

  /** The state the newest mark covering `id` gives it; undefined when none does. */
  stateOf(id: number): boolean | undefined {
    for (let i = this.marks.length - 1; i >= 0; i--) {
      const mark = this.marks[i]!
      if (mark.ids ? mark.ids.has(id) : id <= mark.upTo) return mark.read
    }
    return undefined
  }

  /** Every id a mark names one by one (its state may differ from the database's). */
  namedIds(): Set<number> {
    const ids = new Set<number>()
    for (const mark of this.marks) if (mark.ids) for (const id of mark.ids) ids.add(id)
    return ids
  }

  /** The highest id a pending "all read" mark covers (0 when there is none). */
  allReadUpTo(): number {
    let upTo = 0
    for (const mark of this.marks) if (!mark.ids && mark.upTo > upTo) upTo = mark.upTo
    return upTo
  }

  drain(seq: number): WriteOp[] {
    const ops: WriteOp[] = []
    this.marks.forEach((mark, index) => {
      if (mark.seq !== null) return
      mark.seq = seq
      if (mark.ids) {
        ops.push(...this.statesOf(mark.ids))
        return
      }
      ops.push({ sql: MARK_READ_UP_TO, rows: [[mark.upTo]] })
      // Ids marked unread since, within its range, stay unread.
      const newer = new Set<number>()
      for (const later of this.marks.slice(index + 1))
        if (later.ids) for (const id of later.ids) if (id <= mark.upTo) newer.add(id)
      ops.push(...this.statesOf(newer))
    })
    return ops
  }

  /** Statements giving each id its current state. */
  private statesOf(ids: Iterable<number>): WriteOp[] {
    const read: SqlValue[][] = []
    const unread: SqlValue[][] = []
    for (const id of ids) (this.stateOf(id) === false ? unread : read).push([id])
    const ops: WriteOp[] = []
    if (read.length > 0) ops.push({ sql: MARK_READ, rows: read })
    if (unread.length > 0) ops.push({ sql: MARK_UNREAD, rows: unread })
    return ops
  }

  /** A batch was written (its marks are in the database now) or failed (they go with the next). */
  settled(seq: number, ok: boolean): void {
    for (const mark of this.marks) {
      if (mark.seq !== seq) continue
      if (ok) mark.done = true
      else mark.seq = null
    }
    let written = 0
    while (this.marks[written]?.done) written++
    if (written > 0) this.marks = this.marks.slice(written)
  }
}
