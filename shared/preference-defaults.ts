/**
 * Every preference's default, as plain data. The schema (preferences.ts) takes its defaults from
 * here, and the UI starts from `defaultPreferences()` before the engine's config arrives, so the
 * window's start-up code needs no schema library (zod stays in the pages that validate).
 * preference-defaults.test.ts checks that the two agree, in value and in type (this module does not
 * import the schema's types, which import it).
 */

import type { UpdateChannel } from './preferences-shell'
import type { DefaultNoise } from './trigger-noise'

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

/**
 * The noise control a new trigger starts with when the document does not say: at most two
 * notifications a minute and a digest of the rest, so a trigger that matches far more often than
 * its author expected cannot flood the desktop, and nothing is hidden (the digest counts and lists
 * what it held back). A document that sets `preferences.triggers.noise` (even to `{}`) keeps its
 * own; saved triggers always keep theirs.
 */
export const DEFAULT_NEW_TRIGGER_NOISE = { maxPerMinute: 2 } as const

/** A fresh copy of every preference at its default (what `preferences: {}` parses to). */
export function defaultPreferences() {
  return {
    history: {
      retentionDays: DEFAULT_RETENTION_DAYS,
      maxSizeMb: DEFAULT_MAX_HISTORY_MB,
      backlogMb: DEFAULT_BACKLOG_MB,
      whenBehind: 'slow-sources' as WhenBehind,
    },
    memory: { recentEventsMb: DEFAULT_RECENT_EVENTS_MB },
    shell: {
      startAtLogin: false,
      startMinimized: false,
      closeToTray: true,
      doNotDisturb: false,
      notificationSound: true,
      allowPlainTextSecrets: false,
      updates: { enabled: false, channel: 'latest' as UpdateChannel },
    },
    triggers: {
      noise: {
        ...DEFAULT_NEW_TRIGGER_NOISE,
        quietHours: [] as NonNullable<DefaultNoise['quietHours']>,
      },
    },
  }
}
