/**
 * The field catalogue kept across restarts: one row per source and event type holding the
 * catalogue entry as JSON, rewritten every few seconds for the types that changed, and deleted
 * with the source it belongs to or when its type is pushed out by newer ones.
 */

import type { DatabaseSync } from 'node:sqlite'
import type { CatalogueEntry } from '../../../shared/catalogue'
import type { FieldCatalogue } from '../catalogue/field-catalogue'
import type { Clock } from '../util/clock'
import type { SqlValue, WriteOp } from './sqlite-protocol'
import type { WriteContributor } from './write-queue'

const UPSERT =
  'INSERT INTO catalogue (source_id, type, entry, updated_at) VALUES (?, ?, ?, ?) ' +
  'ON CONFLICT (source_id, type) DO UPDATE SET entry = excluded.entry, updated_at = excluded.updated_at'
const DELETE_SOURCE = 'DELETE FROM catalogue WHERE source_id = ?'
const DELETE_TYPE = 'DELETE FROM catalogue WHERE source_id = ? AND type = ?'

export function loadCatalogue(db: DatabaseSync): CatalogueEntry[] {
  const rows = db.prepare('SELECT entry FROM catalogue').all() as { entry: string }[]
  const entries: CatalogueEntry[] = []
  for (const row of rows) {
    try {
      entries.push(JSON.parse(row.entry) as CatalogueEntry)
    } catch {
      // A damaged row costs only its own entry; the type is learnt again from new events.
    }
  }
  return entries
}

export class CatalogueWriter implements WriteContributor {
  private lastDrainAt = Number.NEGATIVE_INFINITY
  /** Set when closing, so the last changes are written whatever the interval. */
  force = false

  constructor(
    private readonly catalogue: FieldCatalogue,
    private readonly clock: Clock,
    private readonly intervalMs = 5_000,
  ) {}

  drain(): WriteOp[] {
    const now = this.clock.now()
    if (!this.force && now - this.lastDrainAt < this.intervalMs) return []
    this.lastDrainAt = now
    // Deletes first: a source or type that came back since it was dropped keeps its new row.
    const removals = this.catalogue.drainRemovals()
    const rows: SqlValue[][] = this.catalogue
      .drainDirty()
      .map((entry) => [entry.sourceId, entry.type, JSON.stringify(entry), now])
    return [
      { sql: DELETE_SOURCE, rows: removals.sources.map((sourceId) => [sourceId]) },
      { sql: DELETE_TYPE, rows: removals.types.map(({ sourceId, type }) => [sourceId, type]) },
      { sql: UPSERT, rows },
    ]
  }
}
