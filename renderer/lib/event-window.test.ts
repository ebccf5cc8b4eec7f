import { describe, expect, it } from 'vitest'
import { vigilEvent } from '../test/fixtures'
import { mergeNewest } from './event-window'

const list = (...ids: number[]) => ids.map((id) => vigilEvent(id))

describe('mergeNewest', () => {
  it('interleaves by id, drops duplicates and stops at the limit', () => {
    const merged = mergeNewest(list(9, 7, 5, 3), list(8, 7, 6, 5, 1), 6)
    expect(merged.map((event) => event.id)).toEqual([9, 8, 7, 6, 5, 3])
  })

  it('handles empty sides', () => {
    expect(mergeNewest([], list(2, 1), 10).map((event) => event.id)).toEqual([2, 1])
    expect(mergeNewest(list(2, 1), [], 1).map((event) => event.id)).toEqual([2])
  })
})
