/**
 * Cluster keys (cluster-notifications.ts) the notification log was given but has not yet seen
 * committed. They are answered from here until the batch carrying them is written, then from the
 * `cluster_key` column. Each travels as an UPDATE of its row after the batch's inserts; a
 * notification still waiting for its own insert also carries its key in that row
 * (notification-store.ts), so an insert retried after a failed batch keeps it.
 */

import type { SqlValue, WriteOp } from './sqlite-protocol'

const SET_KEY = 'UPDATE notifications SET cluster_key = ? WHERE id = ?'

interface PendingKey {
  key: string
  /** The batch carrying it, or null until one does. */
  seq: number | null
}

export class PendingKeys {
  private readonly byId = new Map<number, PendingKey>()
  private readonly byKey = new Map<string, number>()
  /** Keys that never reached the disk (more waited than `max`). */
  dropped = 0

  constructor(private readonly max: number) {}

  set(id: number, key: string): void {
    this.forget(id)
    this.byId.set(id, { key, seq: null })
    this.byKey.set(key, id)
    if (this.byId.size > this.max) this.dropOldestWaiting()
  }

  idOf(key: string): number | undefined {
    return this.byKey.get(key)
  }

  keyOf(id: number): string | undefined {
    return this.byId.get(id)?.key
  }

  /** A notification that will never be written: its key goes with it. */
  forget(id: number): void {
    const pending = this.byId.get(id)
    if (!pending) return
    this.byId.delete(id)
    if (this.byKey.get(pending.key) === id) this.byKey.delete(pending.key)
  }

  drain(seq: number): WriteOp[] {
    const rows: SqlValue[][] = []
    for (const [id, pending] of this.byId) {
      if (pending.seq !== null) continue
      pending.seq = seq
      rows.push([pending.key, id])
    }
    return rows.length > 0 ? [{ sql: SET_KEY, rows }] : []
  }

  settled(seq: number, ok: boolean): void {
    for (const [id, pending] of this.byId) {
      if (pending.seq !== seq) continue
      if (ok) this.forget(id)
      else pending.seq = null
    }
  }

  private dropOldestWaiting(): void {
    for (const [id, pending] of this.byId) {
      if (pending.seq !== null) continue
      this.forget(id)
      this.dropped++
      return
    }
  }
}
