import { describe, expect, it } from 'vitest'
import { backtestReport } from '../test/trigger-fixtures'
import {
  floodWarning,
  needsFloodCheck,
  spanWords,
  withFloodCooldown,
  withFloodRateLimit,
} from './flood-guard'
import { newDraft } from './trigger-draft'
import { validateDraft } from './trigger-validation'

const prediction = {
  events: 40,
  matched: 36,
  spanMs: 35_000,
  matchesPerHour: 3702,
  limitPerHour: null,
}

describe('the flood guard on save', () => {
  it('warns above 30 notifications an hour at the recent rate, not below or without a rate', () => {
    const every = { mode: 'every' as const }
    expect(floodWarning(backtestReport({ predictedPerHour: 3702.9, prediction }), every)).toEqual({
      perHour: 3702.9,
      matched: 36,
      events: 40,
      spanMs: 35_000,
    })
    expect(floodWarning(backtestReport({ predictedPerHour: 30, prediction }), every)).toBeNull()
    expect(floodWarning(backtestReport({ predictedPerHour: null, prediction }), every)).toBeNull()
    // A single shot fires once, however often it matches.
    const once = { mode: 'single-shot' as const }
    expect(floodWarning(backtestReport({ predictedPerHour: 3702.9, prediction }), once)).toBeNull()
  })

  it('offers a cooldown of 2 minutes or a rate limit of 1 a minute, keeping stricter ones', () => {
    const draft = { ...newDraft({ source: 'doors', type: 'door' }), id: 'door' }
    const cooled = withFloodCooldown(draft)
    expect(cooled.noise.cooldown).toEqual({ seconds: 120 })
    expect(validateDraft(cooled).ok).toBe(true)
    const longer = { ...draft, noise: { ...draft.noise, cooldown: { seconds: 600, key: 'x' } } }
    expect(withFloodCooldown(longer).noise.cooldown).toEqual({ seconds: 600 })
    expect(withFloodRateLimit(draft).noise.maxPerMinute).toBe(1)
    expect(validateDraft(withFloodRateLimit(draft)).ok).toBe(true)
  })

  it('words a span', () => {
    expect(spanWords(35_000)).toBe('35 s')
    expect(spanWords(240_000)).toBe('4 min')
    expect(spanWords(9_000_000)).toBe('2.5 h')
  })
  it('checks a new trigger, and a saved one only when what sets its rate changed', () => {
    const saved = { ...newDraft({ source: 'doors', type: 'door' }), id: 'door' }
    expect(needsFloodCheck(saved, null)).toBe(true)
    expect(needsFloodCheck({ ...saved, name: 'Renamed' }, saved)).toBe(false)
    expect(needsFloodCheck({ ...saved, events: ['door', 'window'] }, saved)).toBe(true)
    expect(needsFloodCheck({ ...saved, noise: { quietHours: [], maxPerMinute: 5 } }, saved)).toBe(
      true,
    )
    expect(needsFloodCheck({ ...saved, mode: 'single-shot' }, null)).toBe(false)
  })
})
