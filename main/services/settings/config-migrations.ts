/**
 * Config migrations: how a document written by an older Vigil becomes the current version. The
 * registry maps a version to the step that turns it into the next one, so adding version 2 is one
 * entry (`1: (v1) => v2`) plus its note in docs/config.md; loading, importing and the backups of the
 * pre-migration file need no change.
 */

import { CONFIG_VERSION, validateConfig, type Config } from '../../../shared/config'
import type { Issue } from '../../../shared/result'

export type ConfigDocument = Record<string, unknown>

/** Turns a version-n document into a version n+1 one (it receives its own copy to change). */
export type ConfigMigration = (document: ConfigDocument) => ConfigDocument

/** `migrations[n]` migrates version n to n+1. Empty while version 1 is the only version. */
export const CONFIG_MIGRATIONS: Readonly<Record<number, ConfigMigration>> = {}

export type MigrationOutcome =
  { ok: true; document: unknown; from: number | null } | { ok: false; issues: Issue[] }

/**
 * Brings a parsed document up to `current`. Answers `from: null` when nothing was migrated; a
 * document with no usable version passes through unchanged for validation to report.
 */
export function migrateConfigDocument(
  input: unknown,
  migrations: Readonly<Record<number, ConfigMigration>> = CONFIG_MIGRATIONS,
  current: number = CONFIG_VERSION,
): MigrationOutcome {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return {
      ok: false,
      issues: [{ path: '(root)', message: 'a config document is a JSON object' }],
    }
  }
  const version = (input as ConfigDocument).version
  if (typeof version !== 'number' || !Number.isInteger(version) || version === current) {
    return { ok: true, document: input, from: null }
  }
  if (version > current) {
    return {
      ok: false,
      issues: [
        {
          path: 'version',
          message: `version ${version} was written by a newer Vigil; this one reads version ${current} and older`,
        },
      ],
    }
  }
  let document = structuredClone(input) as ConfigDocument
  for (let at = version; at < current; at++) {
    const step = Object.hasOwn(migrations, at) ? migrations[at] : undefined
    if (!step) {
      return {
        ok: false,
        issues: [
          { path: 'version', message: `version ${at} is not a config version Vigil can read` },
        ],
      }
    }
    document = { ...step(document), version: at + 1 }
  }
  return { ok: true, document, from: version }
}

export type ConfigCheck =
  { ok: true; value: Config; from: number | null } | { ok: false; issues: Issue[] }

/** Migrates, then validates: how every document from outside (file, import, REST) is read. */
export function checkConfigDocument(
  input: unknown,
  migrations: Readonly<Record<number, ConfigMigration>> = CONFIG_MIGRATIONS,
): ConfigCheck {
  const migrated = migrateConfigDocument(input, migrations)
  if (!migrated.ok) return migrated
  const validated = validateConfig(migrated.document)
  return validated.ok ? { ...validated, from: migrated.from } : validated
}
