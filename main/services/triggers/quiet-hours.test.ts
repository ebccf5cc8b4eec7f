import { describe, expect, it } from 'vitest'
import { compileQuietHours, isQuiet } from './quiet-hours'

// Local times, so the tests hold in any time zone. 2025-01-06 is a Monday.
const at = (day: number, hours: number, minutes = 0) =>
  new Date(2025, 0, day, hours, minutes).getTime()

describe('quiet hours', () => {
  it('covers a same-day window on the listed days only', () => {
    const windows = compileQuietHours([{ days: ['mon'], from: '09:00', to: '17:30' }])
    expect(isQuiet(windows, at(6, 8, 59))).toBe(false)
    expect(isQuiet(windows, at(6, 9))).toBe(true)
    expect(isQuiet(windows, at(6, 17, 29))).toBe(true)
    expect(isQuiet(windows, at(6, 17, 30))).toBe(false)
    expect(isQuiet(windows, at(7, 12))).toBe(false) // Tuesday
  })

  it('runs a window past midnight into the next day', () => {
    const windows = compileQuietHours([{ days: ['fri'], from: '22:00', to: '07:00' }])
    expect(isQuiet(windows, at(10, 21, 59))).toBe(false) // Friday evening
    expect(isQuiet(windows, at(10, 23))).toBe(true)
    expect(isQuiet(windows, at(11, 6, 59))).toBe(true) // Saturday morning
    expect(isQuiet(windows, at(11, 7))).toBe(false)
    expect(isQuiet(windows, at(11, 23))).toBe(false) // Saturday night is not listed
  })

  it('treats from equal to to as a whole day', () => {
    const windows = compileQuietHours([{ days: ['sun'], from: '00:00', to: '00:00' }])
    expect(isQuiet(windows, at(5, 0))).toBe(true)
    expect(isQuiet(windows, at(5, 23, 59))).toBe(true)
    expect(isQuiet(windows, at(6, 0))).toBe(false)
  })
})
