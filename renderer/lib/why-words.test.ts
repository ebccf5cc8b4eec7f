import { describe, expect, it } from 'vitest'
import type { LeafSummary } from '../../shared/trigger-views'
import { triggerView } from '../test/trigger-fixtures'
import { leafAnswer, percent, seenText, triggerHeadline } from './why-words'

const NOW = Date.parse('2030-01-01T12:00:00Z')

describe('why a trigger did not fire, in words', () => {
  it('words a condition: how often it failed and what was seen instead, most frequent first', () => {
    const leaf: LeafSummary = {
      path: 'condition.all.0',
      field: 'payload.state',
      op: 'eq',
      value: 'ajar',
      failed: 50,
      seen: [
        { value: 'open', count: 26 },
        { value: 'closed', count: 20 },
        { missing: true, count: 2 },
      ],
      otherFailed: 2,
    }
    // Unbreakable spaces before "%": a value never parts from its share.
    const words = (text: string) => text.replace(/\u00a0/g, ' ')
    const answer = leafAnswer(leaf, 50)
    expect(words(answer.failed)).toBe('failed 100 %')
    expect(answer.seen.map(words)).toEqual([
      'open 52 %',
      'closed 40 %',
      '(missing) 4 %',
      'other values 4 %',
    ])
    expect(answer.failedShare).toBe(100)
    expect(leafAnswer({ ...leaf, failed: 0, seen: [], otherFailed: 0 }, 50).seen).toEqual([])
    expect(words(percent(1, 0))).toBe('0 %')
    expect(seenText({ value: 17, count: 1 })).toBe('17')
    expect(seenText({ value: '', count: 1 })).toBe('(empty)')
  })

  it('says first what stops the trigger as a whole', () => {
    const counters = { evaluated: 10, matched: 0, fired: 0, suppressed: {}, lastFiredAt: null }
    expect(triggerHeadline(triggerView({ enabled: false, counters }), NOW)).toBe(
      'It is switched off.',
    )
    expect(triggerHeadline(triggerView({ spent: true, counters }), NOW)).toMatch(/single shot/)
    const snoozed = triggerView({
      counters,
      noise: { quietHours: [], snoozeUntil: '2030-01-01T13:00:00Z' },
    })
    expect(triggerHeadline(snoozed, NOW)).toMatch(/^It is snoozed until/)
    expect(triggerHeadline(triggerView({ counters: { ...counters, evaluated: 0 } }), NOW)).toMatch(
      /No event of its types/,
    )
    const held = triggerView({
      counters: { ...counters, matched: 5, fired: 1, suppressed: { cooldown: 4 } },
    })
    expect(triggerHeadline(held, NOW)).toBe(
      'It matched 5 times; noise control held back cooldown 4.',
    )
    expect(triggerHeadline(triggerView({ counters }), NOW)).toBeNull()
  })
})
