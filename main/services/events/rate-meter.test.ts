import { describe, expect, it } from 'vitest'
import { RateMeter } from './rate-meter'

describe('RateMeter', () => {
  it('reports the count of the last complete second and falls to 0 after a gap', () => {
    const meter = new RateMeter()
    for (let i = 0; i < 7; i++) meter.record(10_000 + i * 100)
    expect(meter.rate(10_900)).toBe(0)
    expect(meter.rate(11_000)).toBe(7)
    expect(meter.rate(12_500)).toBe(0)
  })
})
