/**
 * A trigger's noise control in config v1 (cooldown, dedupe, a rate limit, quiet hours, snooze), and
 * the defaults new triggers start with (`preferences.triggers.noise`). A module of its own because
 * the preferences need it at start-up, while the rest of a trigger's schema (its condition, with
 * the pattern engine) is only needed where triggers are edited or run.
 */

import { z } from 'zod'
import { templateSchema } from './template-schema'

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const
export type Weekday = (typeof WEEKDAYS)[number]

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'write a time as HH:MM (24-hour)')

const SECONDS_PER_WEEK = 7 * 24 * 3600

export const noiseSchema = z.strictObject({
  /** After a firing, no other for this long (per rendered `key` when given, e.g. per character). */
  cooldown: z
    .strictObject({
      seconds: z.number().positive().max(SECONDS_PER_WEEK),
      key: templateSchema(500).optional(),
    })
    .optional(),
  /** Matches with the same `key` (default: the whole payload) within this window fire once. */
  dedupe: z
    .strictObject({
      seconds: z.number().positive().max(SECONDS_PER_WEEK),
      key: templateSchema(500).optional(),
    })
    .optional(),
  /** At most this many firings a minute; one digest notification counts the rest. */
  maxPerMinute: z.number().int().min(1).max(100_000).optional(),
  /**
   * Local-time windows with no firings, except for triggers with a critical notification. A window
   * whose `to` is not after `from` runs past midnight into the next day.
   */
  quietHours: z
    .array(
      z.strictObject({
        days: z
          .array(z.enum(WEEKDAYS))
          .min(1)
          .max(7)
          .default([...WEEKDAYS]),
        from: clockTime,
        to: clockTime,
      }),
    )
    .max(20)
    .default([]),
  /** No firings until this time (ISO 8601); set from a notification's "snooze". */
  snoozeUntil: z.iso.datetime({ offset: true }).nullable().optional(),
})
export type NoiseConfig = z.infer<typeof noiseSchema>

/**
 * The noise control new triggers start with (`preferences.triggers.noise`): every rule of a
 * trigger's own except a snooze, which belongs to one trigger at one time.
 */
export const defaultNoiseSchema = noiseSchema.omit({ snoozeUntil: true })
export type DefaultNoise = z.infer<typeof defaultNoiseSchema>
