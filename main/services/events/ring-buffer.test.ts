import { describe, expect, it } from 'vitest'
import { RingBuffer } from './ring-buffer'

describe('RingBuffer', () => {
  it('keeps the newest items and reports evictions', () => {
    const ring = new RingBuffer<number>(3)
    expect([1, 2, 3].map((n) => ring.push(n))).toEqual([0, 0, 0])
    expect(ring.push(4)).toBe(1)
    expect(ring.toArray()).toEqual([2, 3, 4])
    expect(ring.newest()).toEqual([4, 3, 2])
    expect(ring.newest(2, (n) => n !== 4)).toEqual([3, 2])
    ring.clear()
    expect(ring.size).toBe(0)
    expect(ring.toArray()).toEqual([])
  })

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError)
    expect(() => new RingBuffer(1, 0)).toThrow(RangeError)
  })

  it('holds at most its byte budget, dropping as many of the oldest as a large item needs', () => {
    const ring = new RingBuffer<string>(1_000, 1_000)
    for (let i = 0; i < 10; i++) expect(ring.push(`small ${i}`, 100)).toBe(0)
    expect(ring.bytes).toBe(1_000)
    expect(ring.push('large', 450)).toBe(5)
    expect(ring.bytes).toBe(950)
    expect(ring.toArray()).toEqual(['small 5', 'small 6', 'small 7', 'small 8', 'small 9', 'large'])
  })

  it('keeps the newest item even when it alone is over the budget', () => {
    const ring = new RingBuffer<string>(10, 1_000)
    ring.push('a', 600)
    expect(ring.push('huge', 5_000)).toBe(1)
    expect(ring.toArray()).toEqual(['huge'])
    expect(ring.bytes).toBe(5_000)
    expect(ring.push('b', 10)).toBe(1)
    expect(ring.toArray()).toEqual(['b'])
  })

  it('counts bytes through wrap-around and a smaller budget set later', () => {
    const ring = new RingBuffer<number>(4, 10_000)
    for (let i = 1; i <= 10; i++) ring.push(i, i * 10)
    expect(ring.toArray()).toEqual([7, 8, 9, 10])
    expect(ring.bytes).toBe(70 + 80 + 90 + 100)
    expect(ring.setMaxBytes(200)).toBe(2)
    expect(ring.toArray()).toEqual([9, 10])
    expect(ring.bytes).toBe(190)
  })
})
