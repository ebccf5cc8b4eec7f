import { describe, expect, it } from 'vitest'
import { formatCountdown, formatElapsed } from './countdown'

describe('countdown words', () => {
  it('counts down in seconds, minutes and hours, rounding up', () => {
    expect(formatCountdown(10_000, 0)).toBe('in 10 s')
    expect(formatCountdown(10_000, 9_800)).toBe('in 1 s')
    expect(formatCountdown(185_000, 0)).toBe('in 3 min 5 s')
    expect(formatCountdown(120_000, 0)).toBe('in 2 min')
    expect(formatCountdown(2 * 3_600_000 + 60_000, 0)).toBe('in 2 h 1 min')
    expect(formatCountdown(5_000, 5_000)).toBe('now')
    expect(formatCountdown(5_000, 9_000)).toBe('now')
  })

  it('says how long something has lasted', () => {
    expect(formatElapsed(0, 302_400)).toBe('for 5 min 2 s')
    expect(formatElapsed(10_000, 0)).toBe('for 0 s')
  })
})
