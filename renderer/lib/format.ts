/** Display helpers. Times are absolute, so nothing on screen needs a ticking timer. */

// 24-hour clock whatever the locale: columns of times stay narrow and line up.
const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'medium',
})
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
const dayInYearFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
})
const countFormat = new Intl.NumberFormat()
const rateFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 })

export function formatTime(epochMs: number | null | undefined): string {
  return epochMs == null ? '—' : timeFormat.format(epochMs)
}

/** For a `title`, where a full date helps and space does not matter. */
export function formatDateTime(epochMs: number | null | undefined): string {
  return epochMs == null ? '' : dateTimeFormat.format(epochMs)
}

/** Event times to the millisecond: a burst lands within one second. */
export function formatEventTime(epochMs: number): string {
  const ms = String(epochMs % 1000).padStart(3, '0')
  return `${timeFormat.format(epochMs)}.${ms}`
}

/** An event's time, with its day in front when it is not today (stored events can be older). */
export function formatEventMoment(epochMs: number, now = Date.now()): string {
  const at = new Date(epochMs)
  const today = new Date(now)
  if (at.toDateString() === today.toDateString()) return formatEventTime(epochMs)
  const day = at.getFullYear() === today.getFullYear() ? dayFormat : dayInYearFormat
  return `${day.format(epochMs)}, ${formatEventTime(epochMs)}`
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
