import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../shared/conditions/compile'
import { valuePredicate } from '../../../shared/conditions/operators'
import type { Condition, ConditionLeaf } from '../../../shared/conditions/schema'
import { collectPath, readPath } from '../../../shared/field-path'
import { SCALARS, conditionArb, eventArb, eventOf } from '../testing/trigger-arbitraries'
import { trigger } from '../testing/trigger-fixtures'
import { rangeOptions } from './range-keys'
import { RangeTable, type Range } from './range-table'
import { TriggerIndex } from './trigger-index'
import { runtimeFor } from './trigger-runtime'

/** Values events carry: the scalars, and what no range holds. */
const SEEN: unknown[] = [
  ...SCALARS,
  undefined,
  { x: '17' },
  ['17'],
  Number.NaN,
  Infinity,
  -Infinity,
  17.5,
  '16.999',
  '80000',
  '1e400',
]

const LEAVES: ConditionLeaf[] = [
  { field: 'payload.a', op: 'gt', value: 17 },
  { field: 'payload.a', op: 'gte', value: 17 },
  { field: 'payload.a', op: 'lt', value: 17 },
  { field: 'payload.a', op: 'lte', value: 0 },
  { field: 'payload.a', op: 'between', value: [0, 17] },
  { field: 'payload.a', op: 'between', value: [17, 17] },
  { field: 'payload.a', op: 'between', value: [18, 1] },
  { field: 'payload.a', op: 'gt', value: -0.5 },
]

function found(table: RangeTable<string>, seen: unknown): string[] {
  const lists: string[][] = []
  const count = table.lookup(seen, lists)
  return [...new Set(lists.slice(0, count).flat())].sort()
}

describe('range keys', () => {
  it('finds exactly the ranges whose leaf holds, as operators.ts compares', () => {
    const table = new RangeTable<string>()
    LEAVES.forEach((leaf, i) => {
      for (const keys of rangeOptions(leaf))
        for (const range of keys.ranges!) table.add(range, `r${i}`)
    })
    for (const seen of SEEN) {
      const expected = LEAVES.flatMap((leaf, i) => (valuePredicate(leaf)(seen) ? [`r${i}`] : []))
      expect(found(table, seen), String(seen)).toEqual(expected.sort())
    }
  })

  it('files equal ranges once, each item once however often it is added in a row', () => {
    const table = new RangeTable<string>()
    const range: Range = { low: 1, high: 2, lowOpen: false, highOpen: true }
    table.add(range, 'a')
    table.add({ ...range }, 'a')
    table.add({ ...range }, 'b')
    const lists: string[][] = []
    expect(table.lookup('1', lists)).toBe(1)
    expect(lists[0]).toEqual(['a', 'b'])
  })

  it('only offers ranges the event holds whenever the condition holds', () => {
    fc.assert(
      fc.property(conditionArb, eventArb, (condition, draft) => {
        const event = eventOf(draft, 1, 0)
        if (!compileCondition(condition).test(event)) return
        for (const keys of rangeOptions(condition)) {
          const seen = keys.path.hasWildcard
            ? collectPath(event, keys.path)
            : [readPath(event, keys.path)]
          const table = new RangeTable<string>()
          for (const range of keys.ranges!) table.add(range, 'in')
          const held = seen.some((item) => found(table, item).length > 0)
          expect(held, JSON.stringify({ condition, payload: event.payload, keys })).toBe(true)
        }
      }),
      { seed: 14, numRuns: 2_000 },
    )
  })

  it('keys range leaves, all groups by any child, any groups by a field every child has', () => {
    const fields = (condition: Condition) =>
      rangeOptions(condition).map(({ field, ranges }) => [field, ranges!.length])
    expect(fields({ field: 'payload.a', op: 'eq', value: 17 })).toEqual([])
    expect(fields({ not: { field: 'payload.a', op: 'gt', value: 1 } })).toEqual([])
    expect(
      fields({
        all: [
          { field: 'payload.a', op: 'in', value: ['1', '2'] },
          { field: 'payload.b', op: 'gt', value: 3 },
          { field: 'payload.c', op: 'between', value: [1, 2] },
        ],
      }),
    ).toEqual([
      ['payload.b', 1],
      ['payload.c', 1],
    ])
    expect(
      fields({
        any: [
          { field: 'payload.b', op: 'lt', value: 3 },
          {
            all: [
              { field: 'payload.b', op: 'gte', value: 9 },
              { field: 'payload.c', op: 'gt', value: 1 },
            ],
          },
        ],
      }),
    ).toEqual([['payload.b', 2]])
    expect(
      fields({
        any: [
          { field: 'payload.b', op: 'lt', value: 3 },
          { field: 'payload.c', op: 'gt', value: 1 },
        ],
      }),
    ).toEqual([])
  })

  it('looks triggers up by range where no eq or in leaf keys them', () => {
    const configs = [
      ...[1, 2, 3, 4].map((n) =>
        trigger({
          id: `range-${n}`,
          events: ['Death'],
          condition: { field: 'payload.amount', op: 'gt', value: n },
        }),
      ),
      trigger({
        id: 'both',
        events: ['Death'],
        condition: {
          all: [
            { field: 'payload.amount', op: 'between', value: [1, 9] },
            { field: 'payload.world_id', op: 'eq', value: '17' },
          ],
        },
      }),
    ]
    const index = new TriggerIndex(
      configs.map((config) => runtimeFor(config, undefined, undefined)),
    )
    const list = index.forSource('src').byType.get('Death')!
    expect(list.plain).toEqual([])
    expect(list.values).toBeDefined()
  })
})
