import { describe, expect, it } from 'vitest'
import { fairShare, planLeases, type LeasePlanInput } from './lease-plan'

const base: LeasePlanInput = {
  self: 'alpha',
  wanted: ['a', 'b', 'c', 'd'],
  held: new Set(),
  taken: new Set(),
  longFree: new Set(),
  members: ['alpha', 'beta'],
  mayAcquire: true,
}

describe('planLeases', () => {
  it('takes free sources up to the fair share, in an order of its own', () => {
    expect(fairShare(4, 2)).toBe(2)
    expect(fairShare(5, 2)).toBe(3)
    expect(fairShare(3, 0)).toBe(3)
    const alpha = planLeases(base)
    const beta = planLeases({ ...base, self: 'beta' })
    expect(alpha.acquire).toHaveLength(2)
    expect(beta.acquire).toHaveLength(2)
    expect(alpha.release).toEqual([])
    // Rendezvous order: the same member always reaches for the same sources first.
    expect(planLeases(base).acquire).toEqual(alpha.acquire)
  })

  it('takes nothing during the grace after a reconnect, and nothing that is taken', () => {
    expect(planLeases({ ...base, mayAcquire: false }).acquire).toEqual([])
    const taken = new Set(['a', 'b', 'c'])
    expect(planLeases({ ...base, taken }).acquire).toEqual(['d'])
  })

  it('gives up one excess source per plan when a member joins, and every unwanted one', () => {
    const held = new Set(['a', 'b', 'c', 'd', 'gone'])
    const plan = planLeases({ ...base, held, taken: held })
    expect(plan.release).toHaveLength(2)
    expect(plan.release[0]).toBe('gone')
    expect(plan.acquire).toEqual([])
    // Alone, it keeps everything that is wanted.
    expect(planLeases({ ...base, held, taken: held, members: ['alpha'] }).release).toEqual(['gone'])
  })

  it('takes one source left free for a scan beyond its share', () => {
    const held = new Set(['a', 'b'])
    const taken = new Set(['a', 'b'])
    expect(planLeases({ ...base, held, taken }).acquire).toEqual([])
    const plan = planLeases({ ...base, held, taken, longFree: new Set(['c', 'd']) })
    expect(plan.acquire).toHaveLength(1)
    expect(['c', 'd']).toContain(plan.acquire[0])
  })
})
