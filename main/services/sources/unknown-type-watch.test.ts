import { describe, expect, it } from 'vitest'
import { BLOCK, UnknownTypeWatch, unknownTypesNotice } from './unknown-type-watch'

function watch(path = 'kind') {
  let pushes = 0
  const w = new UnknownTypeWatch(
    () => path,
    () => 1_000,
    () => pushes++,
  )
  /** `unknown` of every BLOCK events typed unknown, the rest typed `join`. */
  const block = (unknown: number) => {
    for (let i = 0; i < BLOCK; i++) {
      const typed = i >= unknown
      w.observe(typed ? 'join' : 'unknown', { event: i % 2 ? 'join' : 'leave', n: i })
    }
  }
  return { w, block, pushes: () => pushes }
}

describe('the unknown-types watch', () => {
  it('raises on a block more than half unknown, with the field that looks like a type', () => {
    const { w, block, pushes } = watch()
    block(10)
    expect(w.notices).toEqual([])
    block(11)
    expect(pushes()).toBe(1)
    expect(w.notices).toEqual([
      {
        code: 'unknown-types',
        message:
          'most recent events have no `kind`, so they are typed `unknown`: try `event` (it holds join, leave)',
        at: 1_000,
        suggestion: { eventTypePath: 'event' },
      },
    ])
  })

  it('clears only below a quarter, so a stream near half does not flap', () => {
    const { w, block, pushes } = watch()
    block(20)
    for (const unknown of [9, 6, 12, 5]) {
      block(unknown)
      expect(w.notices).toHaveLength(1)
    }
    block(4)
    expect(w.notices).toEqual([])
    expect(pushes()).toBe(2)
  })

  it('starts over when the path changes', () => {
    const { w, block } = watch()
    block(20)
    w.reset()
    expect(w.notices).toEqual([])
    for (let i = 0; i < BLOCK - 1; i++) w.observe('unknown', {})
    expect(w.notices).toEqual([])
  })

  it('without a candidate, says to check the path; a payload-rooted path gets the hint', () => {
    expect(unknownTypesNotice('data.type', undefined, 5)).toEqual({
      code: 'unknown-types',
      message:
        'most recent events have no `data.type`, so they are typed `unknown`: check eventTypePath',
      at: 5,
    })
    expect(unknownTypesNotice('payload.event_name', undefined, 5).message).toBe(
      'most recent events have no `payload.event_name`, so they are typed `unknown`; paths are relative to the event payload: check eventTypePath',
    )
  })
})
