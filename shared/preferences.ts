/**
 * `preferences` in config v1: settings that are not sources or triggers. Every part may be left
 * out of the document (a file without it gets every default), so older files and documents built
 * in code stay valid; the parsed config always holds every preference with its default filled in.
 */

import { z } from 'zod'
import { shellPreferencesSchema } from './preferences-shell'
import { defaultNoiseSchema } from './trigger-noise'

import {
  DEFAULT_BACKLOG_MB,
  DEFAULT_MAX_HISTORY_MB,
  DEFAULT_NEW_TRIGGER_NOISE,
  DEFAULT_RECENT_EVENTS_MB,
  DEFAULT_RETENTION_DAYS,
  WHEN_BEHIND,
} from './preference-defaults'

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
