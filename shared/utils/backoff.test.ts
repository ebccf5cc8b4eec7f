import { describe, expect, it } from 'vitest'
import { attemptAtCap, backoffDelay, slowDelay } from './backoff'

const policy = { initialMs: 1_000, maxMs: 60_000, floorMs: 250 }

describe('backoff', () => {
  it('draws full jitter under a doubling ceiling, never below the floor', () => {
    expect(backoffDelay(policy, 0, () => 1)).toBe(1_000)
    expect(backoffDelay(policy, 3, () => 1)).toBe(8_000)
    expect(backoffDelay(policy, 30, () => 1)).toBe(60_000)
    expect(backoffDelay(policy, 5, () => 0)).toBe(250)
  })

  it('waits half the cap to the cap after a hard refusal, whatever the draw', () => {
    expect(slowDelay(policy, () => 0)).toBe(30_000)
    expect(slowDelay(policy, () => 1)).toBe(60_000)
  })

  it('knows the first attempt whose ceiling is the cap', () => {
    expect(attemptAtCap(policy)).toBe(6)
    expect(backoffDelay(policy, attemptAtCap(policy), () => 1)).toBe(60_000)
    expect(attemptAtCap({ initialMs: 100, maxMs: 100, floorMs: 100 })).toBe(0)
  })
})
