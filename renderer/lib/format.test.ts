import { describe, expect, it } from 'vitest'
import { formatEventMoment, formatEventTime, formatUntil } from './format'

describe('formatEventMoment', () => {
  const now = new Date(2026, 10, 22, 15, 0).getTime()

  it('is the time alone for an event of today', () => {
    const at = new Date(2026, 10, 22, 9, 5, 7, 42).getTime()
    expect(formatEventMoment(at, now)).toBe(formatEventTime(at))
    expect(formatEventTime(at)).toMatch(/^09:05:07\.042$/)
  })

  it('puts the day in front for an older event, and the year for one of another year', () => {
    const yesterday = new Date(2026, 10, 21, 23, 59, 59, 1).getTime()
    expect(formatEventMoment(yesterday, now)).toMatch(/21.*, 23:59:59\.001$/)
    expect(formatEventMoment(yesterday, now)).not.toMatch(/2026/)
    const lastYear = new Date(2025, 0, 2, 8, 0, 0, 0).getTime()
    expect(formatEventMoment(lastYear, now)).toMatch(/2025.*, 08:00:00\.000$/)
  })
})

describe('formatUntil', () => {
  const now = new Date(2026, 10, 22, 15, 0).getTime()

  it('is the time to the minute today, with the day on another', () => {
    expect(formatUntil(new Date(2026, 10, 22, 16, 5, 30).getTime(), now)).toBe('16:05')
    expect(formatUntil(new Date(2026, 10, 23, 8, 0).getTime(), now)).toMatch(/23.*, 08:00$/)
  })
})
