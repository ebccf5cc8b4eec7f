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

  it('stops at a byte bound too, keeping at least the newest', () => {
    const size = (event: { id: number }) => event.id * 100
    const bound = { maxBytes: 1_000, sizeOf: size }
    // 9 + 8 = 1,700 bytes: only the newest fits...
    expect(mergeNewest(list(9, 7), list(8), 10, bound).map((e) => e.id)).toEqual([9])
    // ...and 4 + 3 + 2 + 1 = 1,000 bytes fit whole.
    expect(mergeNewest(list(4, 2), list(3, 1), 10, bound).map((e) => e.id)).toEqual([4, 3, 2, 1])
  })
})
