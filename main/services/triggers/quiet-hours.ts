/**
 * Quiet hours: weekly windows in the machine's local time. A window starts on each listed day at
 * `from`; when `to` is not after `from` it runs past midnight and ends on the next day at `to`
 * (so `22:00`-`07:00` on Friday covers Friday night until Saturday morning, and `from` equal to
 * `to` means a whole day).
 */

import { WEEKDAYS, type NoiseConfig } from '../../../shared/trigger-noise'

export interface QuietWindow {
  /** Days by `Date.getDay()` number (0 is Sunday) on which the window starts. */
  days: ReadonlySet<number>
  fromMinute: number
  toMinute: number
}

function minuteOf(text: string): number {
  const [hours = 0, minutes = 0] = text.split(':').map(Number)
  return hours * 60 + minutes
}

export function compileQuietHours(windows: NoiseConfig['quietHours']): QuietWindow[] {
  return windows.map((window) => ({
    days: new Set(window.days.map((day) => WEEKDAYS.indexOf(day))),
    fromMinute: minuteOf(window.from),
    toMinute: minuteOf(window.to),
  }))
}

export function isQuiet(windows: readonly QuietWindow[], epochMs: number): boolean {
  if (windows.length === 0) return false
  const date = new Date(epochMs)
  const day = date.getDay()
  const minute = date.getHours() * 60 + date.getMinutes()
  const yesterday = (day + 6) % 7
  for (const window of windows) {
    if (window.fromMinute < window.toMinute) {
      if (window.days.has(day) && minute >= window.fromMinute && minute < window.toMinute)
        return true
    } else if (
      (window.days.has(day) && minute >= window.fromMinute) ||
      (window.days.has(yesterday) && minute < window.toMinute)
    ) {
      return true
    }
  }
  return false
}
