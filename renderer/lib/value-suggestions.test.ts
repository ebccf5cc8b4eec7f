import { describe, expect, it } from 'vitest'
import { vigilEvent } from '../test/fixtures'
import { sameValue, valuesSeen } from './value-suggestions'

describe('values seen for a field', () => {
  const events = [
    vigilEvent(1, { payload: { flag: '1', tags: ['a', 'a', 'b'], note: 'x'.repeat(200) } }),
    vigilEvent(2, { payload: { flag: '1', tags: ['b'] } }),
    vigilEvent(3, { payload: { flag: 1, tags: [] } }),
    vigilEvent(4, { payload: { flag: null } }),
  ]

  it('counts values as received, most frequent first, telling "1" from 1', () => {
    expect(valuesSeen(events, 'payload.flag')).toEqual([
      { value: '1', count: 2 },
      { value: 1, count: 1 },
      { value: null, count: 1 },
    ])
  })

  it('counts an event once per value of a wildcard path, and skips long text', () => {
    expect(valuesSeen(events, 'payload.tags.*')).toEqual([
      { value: 'b', count: 2 },
      { value: 'a', count: 1 },
    ])
    expect(valuesSeen(events, 'payload.note')).toEqual([])
  })

  it('adds catalogue samples not seen lately without a count, and stops at the limit', () => {
    expect(valuesSeen(events, 'payload.flag', ['1', '0'], 3)).toEqual([
      { value: '1', count: 2 },
      { value: 1, count: 1 },
      { value: null, count: 1 },
    ])
    expect(valuesSeen(events, 'payload.flag', ['1', '0'])).toContainEqual({ value: '0', count: 0 })
    expect(valuesSeen(events, 'not a path')).toEqual([])
  })

  it('compares picks by type and text', () => {
    expect(sameValue('1', '1')).toBe(true)
    expect(sameValue(1, '1')).toBe(false)
    expect(sameValue(undefined, null)).toBe(false)
  })
})
