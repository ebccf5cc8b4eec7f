import { describe, expect, it } from 'vitest'
import { SendQueue } from './send-queue'

describe('SendQueue', () => {
  it('keeps order and refuses what does not fit, by count or by bytes', () => {
    const byCount = new SendQueue(2, 1_000)
    expect(byCount.push('a')).toBe(true)
    expect(byCount.push('b')).toBe(true)
    expect(byCount.push('c')).toBe(false)
    expect(byCount.drain()).toEqual(['a', 'b'])
    expect(byCount.size).toBe(0)
    const byBytes = new SendQueue(100, 4)
    expect(byBytes.push('ab')).toBe(true)
    expect(byBytes.push('é€')).toBe(false) // 5 bytes of UTF-8
    expect(byBytes.clear()).toBe(1)
  })
})
