import { describe, expect, it } from 'vitest'
import { RingBuffer } from './ring-buffer'

describe('RingBuffer', () => {
  it('keeps the newest items and reports evictions', () => {
    const ring = new RingBuffer<number>(3)
    expect([1, 2, 3].map((n) => ring.push(n))).toEqual([false, false, false])
    expect(ring.push(4)).toBe(true)
    expect(ring.toArray()).toEqual([2, 3, 4])
    expect(ring.newest()).toEqual([4, 3, 2])
    expect(ring.newest(2, (n) => n !== 4)).toEqual([3, 2])
    ring.clear()
    expect(ring.size).toBe(0)
    expect(ring.toArray()).toEqual([])
  })

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError)
  })
})
