import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { valuePredicate } from '../../../shared/conditions/operators'
import type { Scalar } from '../../../shared/conditions/schema'
import { SCALARS } from '../testing/trigger-arbitraries'
import { MAX_LOOKUP_LISTS, ValueTable } from './value-table'

/** Values events carry: the scalars, and what no scalar equals. */
const SEEN: unknown[] = [...SCALARS, undefined, { x: '17' }, ['17'], Number.NaN, Infinity, 17.5]

function found(table: ValueTable<string>, seen: unknown): Set<string> {
  const lists: string[][] = new Array<string[]>(MAX_LOOKUP_LISTS)
  const count = table.lookup(seen, lists)
  return new Set(lists.slice(0, count).flat())
}

describe('ValueTable', () => {
  it('finds exactly the values whose eq holds, as operators.ts compares', () => {
    const table = new ValueTable<string>()
    SCALARS.forEach((value, i) => table.add(value, `v${i}`))
    for (const seen of SEEN) {
      const expected = SCALARS.flatMap((value, i) =>
        valuePredicate({ field: 'payload.a', op: 'eq', value })(seen) ? [`v${i}`] : [],
      )
      expect([...found(table, seen)].sort(), String(seen)).toEqual(expected.sort())
    }
  })

  it('finds an in list when one of its items equals the value, as operators.ts compares', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...SCALARS), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(...SEEN),
        (list: Scalar[], seen) => {
          const table = new ValueTable<string>()
          for (const value of list) table.add(value, 'in')
          const holds = valuePredicate({ field: 'payload.a', op: 'in', value: list })(seen)
          expect(found(table, seen).has('in')).toBe(holds)
        },
      ),
      { seed: 14, numRuns: 500 },
    )
  })

  it('files an item once per value however often it is added in a row', () => {
    const table = new ValueTable<string>()
    table.add('17', 'a')
    table.add('17', 'a')
    table.add(17, 'a')
    const lists: string[][] = []
    expect(table.lookup('17', lists)).toBe(2) // the text 17 and the number 17
    expect(lists.slice(0, 2)).toEqual([['a'], ['a']])
  })
})
