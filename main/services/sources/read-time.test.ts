import { describe, expect, it } from 'vitest'
import { ManualClock } from '../testing/manual-clock'
import type { Clock } from '../util/clock'
import { ReadTime } from './read-time'

describe('ReadTime', () => {
  it('reads the clock once for the frames of one socket read, and again for the next read', async () => {
    const clock = new ManualClock(1_000)
    let reads = 0
    const counted: Clock = {
      now: () => (reads++, clock.now()),
      setTimeout: (callback, ms) => clock.setTimeout(callback, ms),
      clearTimeout: (handle) => clock.clearTimeout(handle),
    }
    const time = new ReadTime(counted)
    expect(time.now()).toBe(1_000)
    clock.advance(5)
    // Still the same read: the frames it held arrived together.
    expect(time.now()).toBe(1_000)
    expect(reads).toBe(1)
    await Promise.resolve()
    expect(time.now()).toBe(1_005)
    expect(reads).toBe(2)
  })
})
