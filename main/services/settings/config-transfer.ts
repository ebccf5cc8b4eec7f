/**
 * Configuration import and export. An export is the stored document (which holds secret
 * references, never values) plus the list of references whose values stay behind. An import is
 * read like the config file (migrated, validated), compared with the running document so the
 * user sees what would be added, changed and removed, and only then applied, atomically.
 */

import { isDeepStrictEqual } from 'node:util'
import type { Config } from '../../../shared/config'
import type {
  ConfigChanges,
  ConfigExport,
  ImportPreview,
  ListChanges,
  NewWebhookOrigin,
  ReusedSecret,
} from '../../../shared/config-transfer'
import { resolvePreferences } from '../../../shared/preferences'
import { secretRefsInConfig, triggerSecretRefs } from '../../../shared/config-secrets'
import { sourceSecretRefs } from '../../../shared/source-config'
import type { TriggerConfig } from '../../../shared/trigger-config'
import { literalOrigin } from '../../../shared/webhook-destination'
import { withCredentialRefs } from './credential-headers'
import { CONFIG_MIGRATIONS, checkConfigDocument, type ConfigMigration } from './config-migrations'

/**
 * The document to hand to another machine: literal credentials in headers become secret
 * references (credential-headers.ts), listed with the others whose values stay behind.
 */
export function exportConfig(
  config: Config,
  now: number,
  stored: ReadonlyMap<string, string> = new Map(),
): ConfigExport {
  const exported = withCredentialRefs(config, stored).config
  return { config: exported, secretRefs: secretRefsInConfig(exported), exportedAt: now }
}

/**
 * The secrets an export's new references stand for that this machine does not hold yet: stored
 * with the export, so the exported document works here as it is (a script's GET, edit, PUT of
 * `/api/config`) while the file itself carries no credential.
 */
export function exportedCredentials(
  config: Config,
  stored: ReadonlyMap<string, string> = new Map(),
): [ref: string, value: string][] {
  const { values } = withCredentialRefs(config, stored)
  return [...values].filter(([ref, value]) => stored.get(ref) !== value)
}

export function previewImport(
  current: Config,
  input: unknown,
  storedSecretRefs: readonly string[],
  migrations: Readonly<Record<number, ConfigMigration>> = CONFIG_MIGRATIONS,
): ImportPreview {
  const checked = checkConfigDocument(input, migrations)
  if (!checked.ok) return { valid: false, issues: checked.issues }
  const stored = new Set(storedSecretRefs)
  return {
    valid: true,
    config: checked.value,
    migratedFrom: checked.from,
    changes: diffConfigs(current, checked.value),
    missingSecrets: secretRefsInConfig(checked.value).filter((ref) => !stored.has(ref)),
    reusedSecrets: reusedSecrets(current, checked.value, stored),
    newWebhookOrigins: newWebhookOrigins(current, checked.value),
  }
}

/** Webhook origins of the imported document that no webhook of the current one sends to. */
function newWebhookOrigins(current: Config, next: Config): NewWebhookOrigin[] {
  const known = new Set(current.triggers.flatMap(webhookOrigins))
  const byOrigin = new Map<string, string[]>()
  for (const trigger of next.triggers) {
    for (const origin of new Set(webhookOrigins(trigger))) {
      if (known.has(origin)) continue
      const triggers = byOrigin.get(origin) ?? []
      byOrigin.set(origin, [...triggers, trigger.id])
    }
  }
  return [...byOrigin]
    .map(([origin, triggers]) => ({ origin, triggers }))
    .sort((a, b) => a.origin.localeCompare(b.origin))
}

function webhookOrigins(trigger: TriggerConfig): string[] {
  return trigger.actions.flatMap((action) => {
    if (action.type !== 'webhook') return []
    const origin = literalOrigin(action.url)
    return origin.ok ? [origin.origin] : []
  })
}

/** Stored secrets that the sources and triggers an import adds or changes would use. */
function reusedSecrets(current: Config, next: Config, stored: ReadonlySet<string>): ReusedSecret[] {
  const bySecret = new Map<string, ReusedSecret>()
  const note = (refs: readonly string[], id: string, kind: 'sources' | 'triggers') => {
    for (const secret of refs) {
      if (!stored.has(secret)) continue
      let entry = bySecret.get(secret)
      if (!entry) bySecret.set(secret, (entry = { secret, sources: [], triggers: [] }))
      entry[kind].push(id)
    }
  }
  for (const source of newOrChanged(current.sources, next.sources))
    note(sourceSecretRefs(source), source.id, 'sources')
  for (const trigger of newOrChanged(current.triggers, next.triggers))
    note(triggerSecretRefs(trigger), trigger.id, 'triggers')
  return [...bySecret.values()].sort((a, b) => a.secret.localeCompare(b.secret))
}

function newOrChanged<T extends { id: string }>(before: readonly T[], after: readonly T[]): T[] {
  const old = new Map(before.map((item) => [item.id, item]))
  return after.filter((item) => !isDeepStrictEqual(old.get(item.id), item))
}

export function diffConfigs(before: Config, after: Config): ConfigChanges {
  return {
    sources: diffById(before.sources, after.sources),
    triggers: diffById(before.triggers as { id: string }[], after.triggers as { id: string }[]),
    preferences: changedPaths(resolvePreferences(before), resolvePreferences(after)),
  }
}

function diffById<T extends { id: string }>(
  before: readonly T[],
  after: readonly T[],
): ListChanges {
  const old = new Map(before.map((item) => [item.id, item]))
  const changes: ListChanges = { added: [], changed: [], removed: [], unchanged: 0 }
  for (const item of after) {
    const previous = old.get(item.id)
    if (!previous) {
      changes.added.push(item.id)
      continue
    }
    old.delete(item.id)
    const keys = [...new Set([...Object.keys(previous), ...Object.keys(item)])]
      .filter((key) => !isDeepStrictEqual(previous[key as keyof T], item[key as keyof T]))
      .sort()
    if (keys.length > 0) changes.changed.push({ id: item.id, keys })
    else changes.unchanged++
  }
  changes.removed = [...old.keys()]
  return changes
}

/** Dotted paths of the leaves that differ between two plain JSON objects. */
function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
  if (!isObject(before) || !isObject(after)) {
    return isDeepStrictEqual(before, after) ? [] : [prefix || '(root)']
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  return keys.flatMap((key) =>
    changedPaths(before[key], after[key], prefix ? `${prefix}.${key}` : key),
  )
}
