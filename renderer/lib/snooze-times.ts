/** The snooze menu's choices, in local time, as epoch ms for `trigger:snooze`. */

const HOUR = 3_600_000

export function inOneHour(now: number): number {
  return now + HOUR
}

/** 08:00 local time tomorrow (DST-safe: built from calendar fields, not by adding 24 hours). */
export function tomorrowMorning(now: number, hour = 8): number {
  const date = new Date(now)
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1, hour, 0, 0, 0).getTime()
}

const pad = (n: number) => String(n).padStart(2, '0')

/** The value a `datetime-local` input shows for a time. */
export function toLocalInput(epochMs: number): string {
  const d = new Date(epochMs)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

export type CustomSnooze = { ok: true; until: number } | { ok: false; message: string }

/** Reads a `datetime-local` value; it must lie in the future. */
export function parseCustomSnooze(value: string, now: number): CustomSnooze {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value)
  if (!match) return { ok: false, message: 'choose a date and time' }
  const [, y, mo, d, h, mi] = match.map(Number) as number[]
  const until = new Date(y!, mo! - 1, d!, h!, mi!).getTime()
  if (Number.isNaN(until)) return { ok: false, message: 'choose a date and time' }
  if (until <= now) return { ok: false, message: 'choose a time in the future' }
  return { ok: true, until }
}

/** A trigger's snooze end from its config (`noise.snoozeUntil`), if it is still ahead. */
export function activeSnooze(snoozeUntil: string | null | undefined, now: number): number | null {
  if (!snoozeUntil) return null
  const until = Date.parse(snoozeUntil)
  return Number.isFinite(until) && until > now ? until : null
}
