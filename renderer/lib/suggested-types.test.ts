import { describe, expect, it } from 'vitest'
import { suggestFields } from './field-suggestions'
import { keyFieldOf, suggestedTypes } from './suggested-types'
import { vigilEvent } from '../test/fixtures'

describe('suggestions from the draft own sources', () => {
  const triggers = [
    { sources: ['census'], events: ['Death', 'BattleRankUp'] },
    { sources: ['doors'], events: ['door'] },
    { sources: [], events: ['heartbeat'] },
  ]
  const from = { chosen: [], catalogued: ['door'], seen: ['door'], documented: [], triggers }

  it("offers only the types of triggers watching the draft's sources (B8)", () => {
    expect(suggestedTypes(['doors'], from)).toEqual(['door'])
    expect(suggestedTypes(['generic'], { ...from, catalogued: [], seen: [] })).toEqual([])
    expect(suggestedTypes([], from)).toEqual(['door', 'Death', 'BattleRankUp', 'heartbeat'])
  })

  it('keeps the chosen types first, once', () => {
    expect(suggestedTypes(['doors'], { ...from, chosen: ['door', 'x'] })).toEqual(['door', 'x'])
  })

  it('takes an id-like field of the events for a key placeholder, else a text field', () => {
    const doors = suggestFields([
      vigilEvent(1, { payload: { state: 'open', door_id: 'front', battery: 60 } }),
    ])
    expect(keyFieldOf(doors)).toBe('payload.door_id')
    const plain = suggestFields([
      vigilEvent(1, { payload: { battery: 60, valid: 'yes', room: 'hall' } }),
    ])
    expect(keyFieldOf(plain)).toBe('payload.room')
    const camel = suggestFields([vigilEvent(1, { payload: { sensorId: 7, room: 'hall' } })])
    expect(keyFieldOf(camel)).toBe('payload.sensorId')
    expect(keyFieldOf(suggestFields([]))).toBeNull()
  })
})
