import { describe, expect, it } from 'vitest'
import { EventFence } from './event-fence'
import { MAX_EVENTS_IN_FLIGHT } from './publish-queue'
import { MAX_EARLY, SeqSet } from './seq-set'

describe('SeqSet', () => {
  it('tells repeats from firsts, in order or not', () => {
    const set = new SeqSet()
    expect([1, 2, 4, 3, 2, 4, 5].map((seq) => set.add(seq))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      true,
    ])
  })

  it('gives up on a gap that never fills instead of growing without bound', () => {
    const set = new SeqSet()
    set.add(1)
    for (let seq = 3; seq <= MAX_EARLY + 3; seq++) expect(set.add(seq)).toBe(true)
    // The floor moved past the gap at 2: it now counts as seen.
    expect(set.add(2)).toBe(false)
    expect(set.add(MAX_EARLY + 4)).toBe(true)
  })
})

describe('SeqSet, out of order', () => {
  it('takes events as far out of order as a publisher keeps in flight', () => {
    const set = new SeqSet()
    // A chunk of 100 lost with the connection, sent again after everything sent after it.
    const lost = 100
    for (let seq = lost + 1; seq <= lost + MAX_EVENTS_IN_FLIGHT; seq++)
      expect(set.add(seq)).toBe(true)
    for (let seq = 1; seq <= lost; seq++) expect(set.add(seq)).toBe(true)
    expect(set.add(lost + MAX_EVENTS_IN_FLIGHT)).toBe(false)
    expect(set.add(lost + MAX_EVENTS_IN_FLIGHT + 1)).toBe(true)
  })

  it('gives up on half its gaps at once when a stream is nothing but gaps', () => {
    const set = new SeqSet()
    for (let n = 1; n <= MAX_EARLY + 1; n++) expect(set.add(2 * n)).toBe(true)
    // The lower half of the gaps was given up: a number from them counts as seen...
    expect(set.add(1)).toBe(false)
    expect(set.add(MAX_EARLY - 1)).toBe(false)
    // ...and the upper half still waits.
    expect(set.add(2 * MAX_EARLY + 1)).toBe(true)
  })
})

describe('EventFence', () => {
  it('drops an event stamped with an older epoch once a newer lease began', () => {
    const fence = new EventFence()
    expect(fence.judge('s', 10, 1, true)).toBe('accept')
    fence.marker('s', 20)
    expect(fence.judge('s', 10, 2, false)).toBe('fenced')
    expect(fence.judge('s', 20, 1, true)).toBe('accept')
    // Other sources have fences of their own.
    expect(fence.judge('t', 10, 1, false)).toBe('accept')
  })

  it('keeps an older epoch event received inside its lease (nobody else held the source then)', () => {
    const fence = new EventFence()
    fence.marker('s', 20)
    expect(fence.judge('s', 10, 5, true)).toBe('accept')
    expect(fence.judge('s', 10, 5, true)).toBe('duplicate')
  })

  it('drops a number seen before within its epoch, and not across epochs', () => {
    const fence = new EventFence()
    expect(fence.judge('s', 1, 1, true)).toBe('accept')
    expect(fence.judge('s', 1, 1, true)).toBe('duplicate')
    expect(fence.judge('s', 2, 1, true)).toBe('accept')
  })
})
