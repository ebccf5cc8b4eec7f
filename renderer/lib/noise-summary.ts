/**
 * Noise control in plain words ("at most once per 5 minutes per character"), so a user can check
 * the numbers they typed mean what they intended.
 */

import { parseTemplate } from '../../shared/templates'
import { WEEKDAYS, type NoiseConfig, type Weekday } from '../../shared/trigger-noise'
import { formatUntil } from './format'

const UNITS: [seconds: number, one: string, many: string][] = [
  [86_400, 'day', 'days'],
  [3_600, 'hour', 'hours'],
  [60, 'minute', 'minutes'],
  [1, 'second', 'seconds'],
]

const number = new Intl.NumberFormat('en', { maximumFractionDigits: 1 })

/** 300 → "5 minutes", 5400 → "1.5 hours", 1 → "1 second". */
export function formatDuration(seconds: number): string {
  for (const [size, one, many] of UNITS) {
    if (seconds >= size || size === 1) {
      const count = seconds / size
      return `${number.format(count)} ${count === 1 ? one : many}`
    }
  }
  return `${seconds} seconds`
}

/**
 * What a noise key groups by, in words: `{{payload.character_id}}` reads "character",
 * `{{payload.zone_id}}-{{payload.world_id}}` reads "zone and world".
 */
export function describeKey(key: string | undefined): string | null {
  if (!key) return null
  const names = [...key.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)].map((match) => {
    const last =
      match[1]!
        .split(/[.[\]"']+/)
        .filter(Boolean)
        .at(-1) ?? match[1]!
    return last.replace(/_id$/i, '').replace(/_/g, ' ')
  })
  if (names.length === 0 || !parseTemplate(key).ok) return `"${key}"`
  return names.join(' and ')
}

/** Each weekday's short name, as the summary and the quiet-hours editor show it. */
export const DAY_NAMES: Record<Weekday, string> = {
  sun: 'Sun',
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
}

export function describeDays(days: readonly Weekday[]): string {
  const set = new Set(days)
  if (set.size === 7) return 'every day'
  const weekdays: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri']
  if (set.size === 5 && weekdays.every((d) => set.has(d))) return 'on weekdays'
  if (set.size === 2 && set.has('sat') && set.has('sun')) return 'at weekends'
  return `on ${WEEKDAYS.filter((d) => set.has(d))
    .map((d) => DAY_NAMES[d])
    .join(', ')}`
}

export interface NoiseSummaryOptions {
  /** Whether the trigger has a critical notification (quiet hours let those through). */
  critical: boolean
  now?: number
}

/** One sentence per rule, in the order the engine applies them. */
export function summariseNoise(noise: NoiseConfig, options: NoiseSummaryOptions): string[] {
  const lines: string[] = []
  const now = options.now ?? Date.now()
  if (noise.snoozeUntil && Date.parse(noise.snoozeUntil) > now) {
    lines.push(`Snoozed until ${formatUntil(Date.parse(noise.snoozeUntil), now)}.`)
  }
  for (const window of noise.quietHours) {
    const overnight = window.to <= window.from ? ' (into the next day)' : ''
    const bypass = options.critical
      ? 'critical notifications still come through'
      : 'nothing comes through (make a notification critical to let it through)'
    lines.push(
      `Quiet ${describeDays(window.days)} ${window.from}–${window.to}${overnight}: ${bypass}.`,
    )
  }
  if (noise.dedupe) {
    const by = describeKey(noise.dedupe.key)
    lines.push(
      by
        ? `Matches with the same ${by} within ${formatDuration(noise.dedupe.seconds)} fire once.`
        : `Identical events within ${formatDuration(noise.dedupe.seconds)} fire once.`,
    )
  }
  if (noise.cooldown) {
    const by = describeKey(noise.cooldown.key)
    lines.push(
      `At most once per ${formatDuration(noise.cooldown.seconds)}${by ? ` per ${by}` : ''}.`,
    )
  }
  if (noise.maxPerMinute !== undefined) {
    lines.push(`At most ${noise.maxPerMinute} a minute, then one digest counting the rest.`)
  }
  if (lines.length === 0) lines.push('Every match fires.')
  return lines
}
