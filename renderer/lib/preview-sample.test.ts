import { describe, expect, it } from 'vitest'
import type { VigilEvent } from '../../shared/domain'
import { vigilEvent } from '../test/fixtures'
import { conditionMatcher, pickSample, type SampleChoice } from './preview-sample'

const battery = (id: number, level: number, type = 'battery'): VigilEvent =>
  vigilEvent(id, { type, payload: { level } })
// Newest first, as the builder holds them.
const samples = [battery(5, 69), battery(4, 18), battery(3, 55), battery(2, 12), battery(1, 7, 'x')]
const low = conditionMatcher({ all: [{ field: 'payload.level', op: 'lt', value: 20 }] })

function choice(overrides: Partial<SampleChoice> = {}): SampleChoice {
  return {
    chosen: null,
    launching: null,
    current: null,
    samples,
    fits: (event) => event.type === 'battery',
    matches: low,
    ...overrides,
  }
}

describe('the event templates preview with (B6)', () => {
  it('is the newest match, not the newest event', () => {
    expect(pickSample(choice())).toEqual({ event: samples[1], reason: 'match' })
  })

  it('holds still while the match shown still matches, and moves when it no longer does', () => {
    const current = { event: samples[3]!, reason: 'match' as const }
    expect(pickSample(choice({ current }))).toBe(current)
    const high = conditionMatcher({ all: [{ field: 'payload.level', op: 'gt', value: 50 }] })
    expect(pickSample(choice({ current, matches: high }))).toEqual({
      event: samples[0],
      reason: 'match',
    })
  })

  it('prefers the event clicked, then the event the builder was launched from', () => {
    const launching = samples[2]!
    expect(pickSample(choice({ launching }))).toEqual({ event: launching, reason: 'launching' })
    expect(pickSample(choice({ launching, chosen: samples[0]! }))?.reason).toBe('chosen')
    // One that no longer fits the sources and types is left.
    expect(pickSample(choice({ launching: samples[4]! }))?.reason).toBe('match')
  })

  it('falls back to the newest event that fits when nothing matches or the draft cannot run', () => {
    const never = conditionMatcher({ all: [{ field: 'payload.level', op: 'gt', value: 1000 }] })
    expect(pickSample(choice({ matches: never }))).toEqual({ event: samples[0], reason: 'recent' })
    expect(conditionMatcher({ all: [{ field: 'payload.x', op: 'matches', value: 'a(' }] })).toBe(
      null,
    )
    expect(pickSample(choice({ matches: null }))?.reason).toBe('recent')
    expect(pickSample(choice({ samples: [] }))).toBeNull()
  })
})
