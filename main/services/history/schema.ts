/**
 * The history database's schema, as an ordered list of migrations. `PRAGMA user_version` records
 * how far a file has come; opening it applies the rest, each in its own transaction. A released
 * migration is never edited: a change is a new entry at the end.
 */

import type { DatabaseSync } from 'node:sqlite'

export interface Migration {
  version: number
  sql: string
}

export const HISTORY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      -- Events, packed in pages (see event-pages.ts): one row per write batch ("block", named
      -- by its first event id) and (source, type), holding a JSON array of
      -- [id, receivedAt, payload]. Indexes pick the pages a search must open.
      CREATE TABLE event_pages (
        id INTEGER PRIMARY KEY,
        block INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        type TEXT NOT NULL,
        first_id INTEGER NOT NULL,
        last_id INTEGER NOT NULL,
        first_at INTEGER NOT NULL,
        last_at INTEGER NOT NULL,
        count INTEGER NOT NULL,
        events TEXT NOT NULL
      );
      CREATE INDEX event_pages_by_block ON event_pages (block);
      CREATE INDEX event_pages_by_source ON event_pages (source_id, type, block);
      CREATE INDEX event_pages_by_type ON event_pages (type, block);
      CREATE INDEX event_pages_by_time ON event_pages (last_at);

      -- One row per event, for people and tools reading the file directly.
      CREATE VIEW events AS
        SELECT e.value ->> 0 AS id, p.source_id, p.type, e.value ->> 1 AS received_at,
               e.value -> 2 AS payload
        FROM event_pages AS p, json_each(p.events) AS e;

      CREATE TABLE notifications (
        id INTEGER PRIMARY KEY,
        trigger_id TEXT NOT NULL,
        event_id INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        urgency TEXT NOT NULL,
        fired_at INTEGER NOT NULL,
        read INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX notifications_by_trigger ON notifications (trigger_id, id);
      CREATE INDEX notifications_by_source ON notifications (source_id, id);
      CREATE INDEX notifications_by_time ON notifications (fired_at);
      CREATE INDEX notifications_unread ON notifications (id) WHERE read = 0;

      -- Every match of a trigger, fired or suppressed (with the reason): the audit trail.
      CREATE TABLE firings (
        id INTEGER PRIMARY KEY,
        trigger_id TEXT NOT NULL,
        event_id INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        reason TEXT
      );
      CREATE INDEX firings_by_trigger ON firings (trigger_id, id);
      CREATE INDEX firings_by_time ON firings (at);

      CREATE TABLE trigger_counters (
        trigger_id TEXT PRIMARY KEY,
        counters TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE catalogue (
        source_id TEXT NOT NULL,
        type TEXT NOT NULL,
        entry TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (source_id, type)
      ) WITHOUT ROWID;

      -- Small facts that must outlive the rows they describe (the last event id handed out).
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    sql: `
      -- What raised a notification when not one event's match, as JSON ({"kind", "heldBack"}:
      -- a digest's held-back event ids, an absence, an expired deadline); NULL for a match. A
      -- nullable column added in place: older rows read as matches, and nothing is rewritten.
      ALTER TABLE notifications ADD COLUMN details TEXT;
    `,
  },
  {
    version: 3,
    sql: `
      -- The key naming a notification on every host of a cluster (cluster-notifications.ts), so
      -- its shared read state still follows it after a restart; NULL off a cluster. Added in
      -- place like details; it goes with its row, so retention bounds it.
      ALTER TABLE notifications ADD COLUMN cluster_key TEXT;
      CREATE INDEX notifications_by_cluster_key ON notifications (cluster_key)
        WHERE cluster_key IS NOT NULL;
    `,
  },
]

export const HISTORY_SCHEMA_VERSION = HISTORY_MIGRATIONS.at(-1)!.version

export class NewerHistoryError extends Error {
  override readonly name = 'NewerHistoryError'
}

/** Brings the file up to the newest schema; answers the version it started from. */
export function migrateHistory(
  db: DatabaseSync,
  migrations: readonly Migration[] = HISTORY_MIGRATIONS,
): number {
  const from = Number(
    (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version,
  )
  const newest = migrations.at(-1)?.version ?? 0
  if (from > newest) {
    throw new NewerHistoryError(
      `the history database was written by a newer Vigil (schema ${from}; this one knows up to ${newest}); ` +
        'it was left untouched',
    )
  }
  for (const migration of migrations) {
    if (migration.version <= from) continue
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec(migration.sql)
      // user_version cannot take a bound parameter; the value is a number from this file.
      db.exec(`PRAGMA user_version = ${Number(migration.version)}`)
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }
  return from
}
