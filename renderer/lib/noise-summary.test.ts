import { describe, expect, it } from 'vitest'
import { describeDays, describeKey, formatDuration, summariseNoise } from './noise-summary'

describe('noise summaries', () => {
  it('says each rule in words', () => {
    expect(
      summariseNoise(
        {
          cooldown: { seconds: 300, key: '{{payload.character_id}}' },
          maxPerMinute: 2,
          dedupe: { seconds: 30 },
          quietHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '22:00', to: '07:00' }],
        },
        { critical: true },
      ),
    ).toEqual([
      'Quiet on weekdays 22:00–07:00 (into the next day): critical notifications still come through.',
      'Identical events within 30 seconds fire once.',
      'At most once per 5 minutes per character.',
      'At most 2 a minute, then one digest counting the rest.',
    ])
    expect(summariseNoise({ quietHours: [] }, { critical: false })).toEqual(['Every match fires.'])
  })

  it('mentions a running snooze and what quiet hours do to non-critical triggers', () => {
    const lines = summariseNoise(
      {
        snoozeUntil: new Date(2_000_000_000_000).toISOString(),
        quietHours: [{ days: ['sat', 'sun'], from: '09:00', to: '12:00' }],
      },
      { critical: false, now: 1_000 },
    )
    expect(lines[0]).toMatch(/^Snoozed until /)
    expect(lines[1]).toBe(
      'Quiet at weekends 09:00–12:00: nothing comes through (make a notification critical to let it through).',
    )
  })

  it('formats durations, keys and days', () => {
    expect(formatDuration(1)).toBe('1 second')
    expect(formatDuration(90)).toBe('1.5 minutes')
    expect(formatDuration(7_200)).toBe('2 hours')
    expect(describeKey('{{payload.zone_id}}-{{payload.world_id}}')).toBe('zone and world')
    expect(describeKey('{{oops')).toBe('"{{oops"')
    expect(describeDays(['mon', 'wed'])).toBe('on Mon, Wed')
    expect(describeDays(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'])).toBe('every day')
  })
})
