import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { VigilEvent } from '../../../shared/domain'
import { censusEvent } from '../testing/trigger-fixtures'
import { NearMissRing } from './near-misses'

const CONDITION = { explain: () => ({ verdict: false, leaves: [] }) } as never

/** What a ring holds, newest first, and its bytes. */
function contents(ring: NearMissRing): { ids: number[]; bytes: number } {
  return { ids: ring.report(CONDITION).map((miss) => miss.eventId), bytes: ring.bytes }
}

describe('NearMissRing.recordRun', () => {
  it('keeps what recording the same events one by one keeps, over wrap-arounds and byte trims', () => {
    const size = fc.integer({ min: 0, max: 400 })
    fc.assert(
      fc.property(
        fc.record({
          capacity: fc.integer({ min: 1, max: 6 }),
          maxBytes: fc.integer({ min: 0, max: 1_500 }),
          before: fc.array(size, { maxLength: 10 }),
          source: fc.array(size, { minLength: 1, maxLength: 8 }),
          first: fc.nat(),
          count: fc.nat(),
          after: fc.array(size, { maxLength: 4 }),
        }),
        ({ capacity, maxBytes, before, source, first, count, after }) => {
          const length = source.length
          const from = first % length
          const taken = count % (length + 1)
          const events: VigilEvent[] = source.map((_, i) => censusEvent({}, { id: 100 + i }))
          const sizes = Float64Array.from(source)
          const one = new NearMissRing(false, maxBytes, capacity)
          const run = new NearMissRing(false, maxBytes, capacity)
          before.forEach((bytes, i) => {
            const event = censusEvent({}, { id: 1 + i })
            one.record(event, undefined, bytes)
            run.record(event, undefined, bytes)
          })
          for (let i = 0, at = from; i < taken; i++, at = (at + 1) % length)
            one.record(events[at]!, undefined, sizes[at]!)
          run.recordRun(events, sizes, from, taken, length)
          expect(contents(run)).toEqual(contents(one))
          // And the rings go on alike: the next slot and the count are the same.
          after.forEach((bytes, i) => {
            const event = censusEvent({}, { id: 200 + i })
            one.record(event, undefined, bytes)
            run.record(event, undefined, bytes)
          })
          expect(contents(run)).toEqual(contents(one))
        },
      ),
      { numRuns: 500 },
    )
  })
})
