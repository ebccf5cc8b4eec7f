import { describe, expect, it } from 'vitest'
import { formatIso, formatUntil, formatWhen, formatWhenFull, plural } from './format'

describe('formatWhen', () => {
  const now = new Date(2026, 10, 22, 15, 0).getTime()

  it('is the time alone for a moment of today, on a 24-hour clock', () => {
    const at = new Date(2026, 10, 22, 21, 5, 7, 42).getTime()
    expect(formatWhen(at, { now })).toBe('21:05:07')
    expect(formatWhen(at, { now, precise: true })).toBe('21:05:07.042')
  })

  it('puts the day in front for an older moment, and the year for one of another year', () => {
    const yesterday = new Date(2026, 10, 21, 23, 59, 59, 1).getTime()
    expect(formatWhen(yesterday, { now, precise: true })).toMatch(/21.*, 23:59:59\.001$/)
    expect(formatWhen(yesterday, { now })).not.toMatch(/2026/)
    const lastYear = new Date(2025, 0, 2, 8, 0, 0, 0).getTime()
    expect(formatWhen(lastYear, { now, precise: true })).toMatch(/2025.*, 08:00:00\.000$/)
  })

  it('gives the date and year in full for titles, and nothing for no moment', () => {
    const at = new Date(2026, 10, 22, 9, 0, 0).getTime()
    expect(formatWhenFull(at)).toMatch(/2026.*, 09:00:00$/)
    expect(formatWhenFull(null)).toBe('')
    expect(formatWhen(null)).toBe('—')
  })

  it('writes ISO 8601 for exports', () => {
    expect(formatIso(Date.UTC(2026, 0, 2, 3, 4, 5, 6))).toBe('2026-01-02T03:04:05.006Z')
  })
})

describe('plural', () => {
  it('agrees the noun with the count (B10)', () => {
    expect(plural(1, 'source needs attention', 'sources need attention')).toBe(
      '1 source needs attention',
    )
    expect(plural(2, 'source needs attention', 'sources need attention')).toBe(
      '2 sources need attention',
    )
    expect(plural(0, 'event')).toBe('0 events')
    expect(plural(1_234, 'event')).toMatch(/^1.234 events$/)
  })
})

describe('formatUntil', () => {
  const now = new Date(2026, 10, 22, 15, 0).getTime()

  it('is the time to the minute today, with the day on another', () => {
    expect(formatUntil(new Date(2026, 10, 22, 16, 5, 30).getTime(), now)).toBe('16:05')
    expect(formatUntil(new Date(2026, 10, 23, 8, 0).getTime(), now)).toMatch(/23.*, 08:00$/)
  })
})
