import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../shared/conditions/compile'
import { valuePredicate } from '../../../shared/conditions/operators'
import type { Condition } from '../../../shared/conditions/schema'
import { toNumber } from '../../../shared/conditions/coercion'
import type { VigilEvent } from '../../../shared/domain'
import { collectPath, readPath } from '../../../shared/field-path'
import { conditionArb, eventArb, eventOf } from '../testing/trigger-arbitraries'
import { chooseKeys, keyOptions, type FieldKeys } from './field-keys'
import { rangeOptions } from './range-keys'

/** Whether the event holds the key: its field equals one of the values, or reads into a range. */
function keyHolds(keys: FieldKeys, event: VigilEvent): boolean {
  const seen = keys.path.hasWildcard ? collectPath(event, keys.path) : [readPath(event, keys.path)]
  if (keys.ranges !== undefined) {
    return seen.some((item) => {
      const number = toNumber(item)
      return keys.ranges!.some(
        ({ low, high, lowOpen, highOpen }) =>
          (lowOpen ? number > low : number >= low) && (highOpen ? number < high : number <= high),
      )
    })
  }
  return keys.values.some((value) =>
    seen.some((item) => valuePredicate({ field: keys.field, op: 'eq', value })(item)),
  )
}

describe('keyOptions', () => {
  it('only offers keys the event holds whenever the condition holds', () => {
    fc.assert(
      fc.property(conditionArb, eventArb, (condition, draft) => {
        const event = eventOf(draft, 1, 0)
        if (!compileCondition(condition).test(event)) return
        for (const keys of keyOptions(condition)) {
          const seen = keys.path.hasWildcard
            ? collectPath(event, keys.path)
            : [readPath(event, keys.path)]
          const equal = keys.values.some((value) =>
            seen.some((item) => valuePredicate({ field: keys.field, op: 'eq', value })(item)),
          )
          expect(equal, JSON.stringify({ condition, payload: event.payload, keys })).toBe(true)
        }
      }),
      { seed: 14, numRuns: 2_000 },
    )
  })

  it('leaves to test, once a key holds, what decides the condition with it (value and range keys)', () => {
    fc.assert(
      fc.property(conditionArb, eventArb, (condition, draft) => {
        const compiled = compileCondition(condition)
        if (compiled.stateful) return // never keyed: `changed` must see every event
        const event = eventOf(draft, 1, 0)
        for (const keys of [...keyOptions(condition), ...rangeOptions(condition)]) {
          if (!keyHolds(keys, event)) continue
          const rest = keys.rest === undefined ? true : compileCondition(keys.rest).test(event)
          const context = JSON.stringify({ condition, payload: event.payload, keys })
          expect(rest, context).toBe(compiled.test(event))
        }
      }),
      { seed: 14, numRuns: 3_000 },
    )
  })

  it('leaves the other children of an all group, nothing of a leaf, and all of a mixed any', () => {
    const rests = (condition: Condition) =>
      [...keyOptions(condition), ...rangeOptions(condition)].map(({ field, rest }) => [field, rest])
    const a: Condition = { field: 'payload.a', op: 'eq', value: '1' }
    const b: Condition = { field: 'payload.b', op: 'gt', value: 2 }
    const c: Condition = { field: 'payload.c', op: 'contains', value: 'x' }
    expect(rests(a)).toEqual([['payload.a', undefined]])
    expect(rests({ all: [a, c] })).toEqual([['payload.a', c]])
    expect(rests({ all: [a, b, c] })).toEqual([
      ['payload.a', { all: [b, c] }],
      ['payload.b', { all: [a, c] }],
    ])
    expect(rests({ all: [c, { all: [a, b] }] })).toEqual([
      ['payload.a', { all: [c, b] }],
      ['payload.b', { all: [c, a] }],
    ])
    const same: Condition = { any: [a, { field: 'payload.a', op: 'in', value: ['2', '3'] }] }
    expect(rests(same)).toEqual([['payload.a', undefined]])
    const mixed: Condition = {
      any: [{ all: [a, c] }, { field: 'payload.a', op: 'eq', value: '2' }],
    }
    expect(rests(mixed)).toEqual([['payload.a', mixed]])
  })

  it('keys eq and in leaves, all groups by any child, any groups by a field every child has', () => {
    const fields = (condition: Condition) =>
      keyOptions(condition).map(({ field, values }) => [field, values])
    expect(fields({ field: 'payload["a"]', op: 'eq', value: 17 })).toEqual([['payload.a', [17]]])
    expect(
      fields({
        all: [
          { field: 'payload.a', op: 'in', value: ['1', '2'] },
          { field: 'payload.b', op: 'gt', value: 3 },
          { all: [{ field: 'payload.c', op: 'eq', value: null }] },
        ],
      }),
    ).toEqual([
      ['payload.a', ['1', '2']],
      ['payload.c', [null]],
    ])
    expect(
      fields({
        any: [
          {
            all: [
              { field: 'payload.a', op: 'eq', value: '1' },
              { field: 'payload.b', op: 'eq', value: 2 },
            ],
          },
          { field: 'payload.b', op: 'in', value: [3, 4] },
        ],
      }),
    ).toEqual([['payload.b', [2, 3, 4]]])
    expect(
      fields({
        any: [
          { field: 'payload.a', op: 'eq', value: '1' },
          { field: 'payload.b', op: 'eq', value: '1' },
        ],
      }),
    ).toEqual([])
    expect(fields({ not: { field: 'payload.a', op: 'eq', value: '1' } })).toEqual([])
    expect(fields({ field: 'payload.a', op: 'neq', value: '1' })).toEqual([])
    expect(fields({ any: [] })).toEqual([])
  })
})

describe('chooseKeys', () => {
  it('takes the field with more values written across the triggers, then fewer values', () => {
    const keys = (field: string, ...values: string[]): FieldKeys => ({
      ...keyOptions({ field, op: 'in', value: values })[0]!,
    })
    const chosen = chooseKeys([
      // Worlds: a few values in all; characters: many. The character pair lets fewer through.
      [keys('payload.world_id', '17'), keys('payload.character_id', 'c1', 'c2')],
      [keys('payload.world_id', '1'), keys('payload.character_id', 'c3')],
      [keys('payload.character_id', 'c4', 'c5', 'c6')],
      [keys('payload.zone_id', '2', '4'), keys('payload.zone_id', '2')],
      [],
    ])
    expect(chosen.map((k) => k && [k.field, k.values])).toEqual([
      ['payload.character_id', ['c1', 'c2']],
      ['payload.character_id', ['c3']],
      ['payload.character_id', ['c4', 'c5', 'c6']],
      ['payload.zone_id', ['2']],
      undefined,
    ])
  })
})
