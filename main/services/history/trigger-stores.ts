/**
 * FiringLog and TriggerCounterStore on SQLite: both only append to memory when the trigger engine
 * calls them, and their rows travel with the next write batch. Counters are coalesced per
 * trigger, so a trigger that fires a thousand times between batches costs one row.
 */

import type { DatabaseSync } from 'node:sqlite'
import type { TriggerCounters, TriggerFiring } from '../../../shared/domain'
import type { FiringLog, TriggerCounterStore } from '../notify/notification-log'
import type { Clock } from '../util/clock'
import type { SqlValue, WriteOp } from './sqlite-protocol'
import type { WriteContributor } from './write-queue'

const INSERT_FIRING =
  'INSERT INTO firings (trigger_id, event_id, source_id, at, outcome, reason) VALUES (?, ?, ?, ?, ?, ?)'
const UPSERT_COUNTERS =
  'INSERT INTO trigger_counters (trigger_id, counters, updated_at) VALUES (?, ?, ?) ' +
  'ON CONFLICT (trigger_id) DO UPDATE SET counters = excluded.counters, updated_at = excluded.updated_at'

export class SqliteFiringLog implements FiringLog, WriteContributor {
  private pending: SqlValue[][] = []
  /** Firings not stored because memory was full (the disk fell behind). */
  dropped = 0

  constructor(private readonly maxPending = 100_000) {}

  record(firing: TriggerFiring): void {
    if (this.pending.length >= this.maxPending) {
      this.dropped++
      return
    }
    const { triggerId, eventId, sourceId, at, outcome, reason } = firing
    this.pending.push([triggerId, eventId, sourceId, at, outcome, reason ?? null])
  }

  drain(): WriteOp[] {
    const rows = this.pending
    this.pending = []
    return [{ sql: INSERT_FIRING, rows }]
  }
}

export class SqliteCounterStore implements TriggerCounterStore, WriteContributor {
  /** Counters saved but not yet seen committed, newest per trigger. */
  private readonly pending = new Map<string, { counters: TriggerCounters; seq: number | null }>()

  constructor(
    private readonly db: DatabaseSync,
    private readonly clock: Clock,
  ) {}

  load(): Record<string, TriggerCounters> {
    const stored: Record<string, TriggerCounters> = {}
    const rows = this.db.prepare('SELECT trigger_id, counters FROM trigger_counters').all() as {
      trigger_id: string
      counters: string
    }[]
    for (const row of rows) stored[row.trigger_id] = JSON.parse(row.counters) as TriggerCounters
    for (const [id, { counters }] of this.pending) stored[id] = structuredClone(counters)
    return stored
  }

  save(counters: Record<string, TriggerCounters>): void {
    for (const [id, value] of Object.entries(counters)) {
      this.pending.set(id, { counters: structuredClone(value), seq: null })
    }
  }

  drain(seq: number): WriteOp[] {
    const rows: SqlValue[][] = []
    const now = this.clock.now()
    for (const [id, entry] of this.pending) {
      if (entry.seq !== null) continue
      entry.seq = seq
      rows.push([id, JSON.stringify(entry.counters), now])
    }
    return [{ sql: UPSERT_COUNTERS, rows }]
  }

  settled(seq: number, ok: boolean): void {
    for (const [id, entry] of this.pending) {
      if (entry.seq !== seq) continue
      if (ok) this.pending.delete(id)
      else entry.seq = null
    }
  }
}
