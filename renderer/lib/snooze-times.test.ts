import { describe, expect, it } from 'vitest'
import {
  activeSnooze,
  inOneHour,
  parseCustomSnooze,
  toLocalInput,
  tomorrowMorning,
} from './snooze-times'

describe('snooze times', () => {
  const now = new Date(2030, 2, 9, 22, 15, 30).getTime()

  it('offers an hour from now and tomorrow at 08:00 local time', () => {
    expect(inOneHour(now)).toBe(now + 3_600_000)
    expect(new Date(tomorrowMorning(now))).toEqual(new Date(2030, 2, 10, 8, 0, 0, 0))
    // Past midnight, "tomorrow" is still the next calendar day.
    expect(new Date(tomorrowMorning(new Date(2030, 2, 10, 0, 30).getTime()))).toEqual(
      new Date(2030, 2, 11, 8, 0, 0, 0),
    )
  })

  it('reads a custom local time, which must be in the future', () => {
    expect(toLocalInput(now)).toBe('2030-03-09T22:15')
    expect(parseCustomSnooze('2030-03-10T07:45', now)).toEqual({
      ok: true,
      until: new Date(2030, 2, 10, 7, 45).getTime(),
    })
    expect(parseCustomSnooze('2030-03-09T22:00', now)).toEqual({
      ok: false,
      message: 'choose a time in the future',
    })
    expect(parseCustomSnooze('', now).ok).toBe(false)
  })

  it('knows whether a configured snooze still runs', () => {
    expect(activeSnooze(new Date(now + 1_000).toISOString(), now)).toBe(now + 1_000)
    expect(activeSnooze(new Date(now - 1_000).toISOString(), now)).toBeNull()
    expect(activeSnooze(null, now)).toBeNull()
  })
})
