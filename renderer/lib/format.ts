/**
 * Display helpers. Every moment on screen goes through `formatWhen` (B18): the time alone for
 * today, the day and time otherwise, the year too when it is not this year; always a 24-hour
 * clock. Titles give the full form (`formatWhenFull`), exports ISO 8601 (`formatIso`). Times are
 * absolute, so nothing on screen needs a ticking timer.
 */

// 24-hour clock whatever the locale: columns of times stay narrow and line up.
const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
const dayInYearFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
})
const countFormat = new Intl.NumberFormat()
const rateFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 })

export interface WhenOptions {
  /** Milliseconds too: events of one burst land within the same second. */
  precise?: boolean
  /** Always the date, with its year (for a title, where space does not matter). */
  full?: boolean
  /** What "today" is measured from. */
  now?: number
}

/** A moment as Vigil shows it everywhere; '—' for none. */
export function formatWhen(epochMs: number | null | undefined, options: WhenOptions = {}): string {
  if (epochMs == null || !Number.isFinite(epochMs)) return '—'
  let time = timeFormat.format(epochMs)
  if (options.precise) time += `.${String(Math.trunc(epochMs) % 1000).padStart(3, '0')}`
  const at = new Date(epochMs)
  const today = new Date(options.now ?? Date.now())
  if (!options.full && at.toDateString() === today.toDateString()) return time
  const thisYear = !options.full && at.getFullYear() === today.getFullYear()
  return `${(thisYear ? dayFormat : dayInYearFormat).format(epochMs)}, ${time}`
}

/** For a `title`: the date, year and time, whatever the day; '' for none (no title at all). */
export function formatWhenFull(epochMs: number | null | undefined): string {
  return epochMs == null ? '' : formatWhen(epochMs, { full: true })
}

/** For files and machine-read text: ISO 8601 in UTC. */
export function formatIso(epochMs: number): string {
  return new Date(epochMs).toISOString()
}

const minuteFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** When something ends, to the minute: "14:05" today, "Dec 8, 14:05" on another day. */
export function formatUntil(epochMs: number, now = Date.now()): string {
  const at = new Date(epochMs)
  const time = minuteFormat.format(epochMs)
  if (at.toDateString() === new Date(now).toDateString()) return time
  const day = at.getFullYear() === new Date(now).getFullYear() ? dayFormat : dayInYearFormat
  return `${day.format(epochMs)}, ${time}`
}

export function formatCount(value: number): string {
  return countFormat.format(value)
}

/** "1 source", "3 sources": a count and the noun that agrees with it. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`
}

export function formatRate(perSecond: number): string {
  return rateFormat.format(perSecond)
}

const byteUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB']

/** `1.5 MiB`: sizes in binary units, one decimal past bytes. */
export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} B` : `${rateFormat.format(value)} ${byteUnits[unit]}`
}

// The names older code calls: the same formatter under them, until those pages move to formatWhen.
export const formatTime = (epochMs: number | null | undefined): string => formatWhen(epochMs)
export const formatDateTime = formatWhenFull
export const formatEventTime = (epochMs: number): string => formatWhen(epochMs, { precise: true })
