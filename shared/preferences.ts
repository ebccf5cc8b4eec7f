/**
 * `preferences` in config v1: settings that are not sources or triggers. Every part may be left
 * out of the document (a file without it gets every default), so older files and documents built
 * in code stay valid; the parsed config always holds every preference with its default filled in.
 */

import { z } from 'zod'
import { shellPreferencesSchema } from './preferences-shell'
import { defaultNoiseSchema } from './trigger-noise'

export const DEFAULT_RETENTION_DAYS = 30
export const DEFAULT_MAX_HISTORY_MB = 1024
export const DEFAULT_BACKLOG_MB = 32
export const DEFAULT_RECENT_EVENTS_MB = 16

/**
 * What history does when events arrive faster than the disk takes them and its backlog is full:
 * `slow-sources` stops reading the sources' sockets until it has caught up (the servers wait, and
 * nothing is lost); `skip-history` keeps reading and leaves the events it has no room for out of
 * history (counted as not stored; triggers and the live view still see them).
 */
export const WHEN_BEHIND = ['slow-sources', 'skip-history'] as const
export type WhenBehind = (typeof WHEN_BEHIND)[number]

export const historyPreferencesSchema = z.strictObject({
  /** Events, notifications and trigger firings older than this are deleted. */
  retentionDays: z.number().int().min(1).max(36_500).default(DEFAULT_RETENTION_DAYS),
  /** Oldest events and firings are deleted while the history database holds more than this. */
  maxSizeMb: z.number().int().min(16).max(1_048_576).default(DEFAULT_MAX_HISTORY_MB),
  /**
   * Events waiting for the disk, in megabytes of frames as received: past this, history is
   * behind and `whenBehind` decides.
   */
  backlogMb: z.number().int().min(1).max(4_096).default(DEFAULT_BACKLOG_MB),
  whenBehind: z.enum(WHEN_BEHIND).default('slow-sources'),
})
export type HistoryPreferences = z.infer<typeof historyPreferencesSchema>

export const memoryPreferencesSchema = z.strictObject({
  /**
   * Recent events kept in memory per source (the live view's snapshot, backtests), in megabytes of
   * frames as received; at most 5,000 events whichever way. History keeps the rest.
   */
  recentEventsMb: z.number().int().min(1).max(1_024).default(DEFAULT_RECENT_EVENTS_MB),
})
export type MemoryPreferences = z.infer<typeof memoryPreferencesSchema>

/**
 * The noise control a new trigger starts with when the document does not say: at most two
 * notifications a minute and a digest of the rest, so a trigger that matches far more often than
 * its author expected cannot flood the desktop, and nothing is hidden (the digest counts and lists
 * what it held back). A document that sets `preferences.triggers.noise` (even to `{}`) keeps its
 * own; saved triggers always keep theirs.
 */
export const DEFAULT_NEW_TRIGGER_NOISE = { maxPerMinute: 2 } as const

export const triggerPreferencesSchema = z.strictObject({
  /** The noise control the builder fills in for a new trigger; saved triggers keep their own. */
  noise: defaultNoiseSchema.prefault(() => ({ ...DEFAULT_NEW_TRIGGER_NOISE })),
})
export type TriggerPreferences = z.infer<typeof triggerPreferencesSchema>

// zod 4 returns a `.default()` value as is; `.prefault()` parses it, so nested defaults apply.
export const preferencesSchema = z.strictObject({
  history: historyPreferencesSchema.prefault({}),
  memory: memoryPreferencesSchema.prefault({}),
  shell: shellPreferencesSchema.prefault({}),
  triggers: triggerPreferencesSchema.prefault({}),
})
export type Preferences = z.infer<typeof preferencesSchema>
export type PreferencesInput = z.input<typeof preferencesSchema>

/** Every preference with its default filled in. */
export function resolvePreferences(config: { preferences?: PreferencesInput }): Preferences {
  return preferencesSchema.parse(config.preferences ?? {})
}
