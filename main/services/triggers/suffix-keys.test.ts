import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../shared/conditions/compile'
import { valuePredicate } from '../../../shared/conditions/operators'
import type { Condition, ConditionLeaf } from '../../../shared/conditions/schema'
import { collectPath, readPath } from '../../../shared/field-path'
import { SCALARS, conditionArb, eventArb, eventOf } from '../testing/trigger-arbitraries'
import { trigger } from '../testing/trigger-fixtures'
import { withEndings } from './ending-conditions'
import { chooseKeys, keyOptions } from './field-keys'
import { suffixOptions } from './suffix-keys'
import { SuffixTable } from './suffix-table'
import { TriggerIndex } from './trigger-index'
import { runtimeFor } from './trigger-runtime'

/** Text from characters whose endings meet often, one of them not ASCII, one a surrogate half. */
const textArb = fc
  .array(fc.constantFrom('1', '3', '7', 'x', 'é', '\ud83d', '0'), { maxLength: 7 })
  .map((chars) => chars.join(''))

/** What events carry: text, the scalars, and values ends-with never reads. */
const seenArb = fc.oneof(
  { arbitrary: textArb, weight: 6 },
  {
    arbitrary: fc.constantFrom<unknown>(...SCALARS, 17.5, 1e21, -7, undefined, { x: '7' }, ['7']),
    weight: 1,
  },
)

function found(table: SuffixTable<string>, seen: unknown): string[] {
  const lists: string[][] = []
  const count = table.lookup(seen, lists)
  return [...new Set(lists.slice(0, count).flat())].sort()
}

describe('suffix keys', () => {
  it('finds exactly the endings whose ends-with holds, as operators.ts tests it', () => {
    fc.assert(
      fc.property(fc.array(textArb, { maxLength: 8 }), fc.array(seenArb), (suffixes, seen) => {
        const leaves: ConditionLeaf[] = suffixes.map((value) => ({
          field: 'payload.a',
          op: 'ends-with',
          value,
        }))
        const table = new SuffixTable<string>()
        leaves.forEach((leaf, i) => {
          for (const keys of suffixOptions(leaf))
            for (const suffix of keys.suffixes!) table.add(suffix, `s${i}`)
        })
        for (const value of seen) {
          const expected = leaves.flatMap((leaf, i) =>
            // An empty ending is never keyed: it would be found for every text.
            leaf.value !== '' && valuePredicate(leaf)(value) ? [`s${i}`] : [],
          )
          expect(found(table, value), JSON.stringify(value)).toEqual(expected.sort())
        }
      }),
      { seed: 14, numRuns: 1_000 },
    )
  })

  it('finds them as exactly when a length has more endings than are compared one by one', () => {
    const endings = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'))
    const table = new SuffixTable<string>()
    for (const ending of [...endings, '7', 'é7']) table.add(ending, ending)
    for (const seen of ['5428017', '5428000', '99', '9', 'xé7', 'x7é', 17, 1e21, '']) {
      const expected = [...endings, '7', 'é7'].filter((ending) => String(seen).endsWith(ending))
      expect(found(table, seen), String(seen)).toEqual(expected.sort())
    }
  })

  it('leaves to test, once an ending holds, what decides the condition with it', () => {
    fc.assert(
      fc.property(conditionArb.map(withEndings), eventArb, (condition, draft) => {
        const compiled = compileCondition(condition)
        if (compiled.stateful) return
        const event = eventOf(draft, 1, 0)
        for (const keys of suffixOptions(condition)) {
          const seen = keys.path.hasWildcard
            ? collectPath(event, keys.path)
            : [readPath(event, keys.path)]
          const holds = keys.suffixes!.some((value) =>
            seen.some((item) =>
              valuePredicate({ field: keys.field, op: 'ends-with', value })(item),
            ),
          )
          const context = JSON.stringify({ condition, payload: event.payload, keys })
          // Sound: the condition never holds without its key.
          if (!holds) expect(compiled.test(event), context).toBe(false)
          else {
            const rest = keys.rest === undefined ? true : compileCondition(keys.rest).test(event)
            expect(rest, context).toBe(compiled.test(event))
          }
        }
      }),
      { seed: 14, numRuns: 3_000 },
    )
  })

  it('keys ends-with wholly, a pattern by the ending it promises, and nothing else', () => {
    const keyed = (condition: Condition) =>
      suffixOptions(condition).map(({ field, suffixes, rest }) => [field, suffixes, rest])
    const pattern: Condition = { field: 'payload.c', op: 'matches', value: '^5428[0-9]*000$' }
    expect(keyed({ field: 'payload.c', op: 'ends-with', value: '13' })).toEqual([
      ['payload.c', ['13'], undefined],
    ])
    expect(keyed(pattern)).toEqual([['payload.c', ['000'], pattern]])
    expect(keyed({ ...pattern, flags: 'i' })).toEqual([])
    expect(keyed({ field: 'payload.c', op: 'matches', value: '7$|x' })).toEqual([])
    expect(keyed({ field: 'payload.c', op: 'ends-with', value: '' })).toEqual([])
    expect(keyed({ not: { field: 'payload.c', op: 'ends-with', value: '1' } })).toEqual([])
    expect(keyed({ field: 'payload.c', op: 'starts-with', value: '1' })).toEqual([])
    const world: Condition = { field: 'payload.w', op: 'eq', value: '17' }
    const both: Condition = {
      any: [
        { field: 'payload.c', op: 'ends-with', value: '1' },
        { all: [world, { field: 'payload.c', op: 'ends-with', value: '22' }] },
      ],
    }
    expect(keyed(both)).toEqual([['payload.c', ['1', '22'], both]])
  })

  it('prefers an ending of a few characters to a world, and a character to a short ending', () => {
    const condition = (world: string, ending: string, character?: string): Condition => ({
      all: [
        { field: 'payload.world_id', op: 'eq', value: world },
        { field: 'payload.character_id', op: 'ends-with', value: ending },
        ...(character === undefined
          ? []
          : [{ field: 'payload.character_id', op: 'eq' as const, value: character }]),
      ],
    })
    const conditions = [condition('17', '13'), condition('1', '5', 'c1'), condition('2', '777')]
    const characters = ['c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11', 'c12']
    const options = [
      ...conditions,
      // More characters written: one of them is a smaller share than an ending of one digit.
      ...characters.map((c): Condition => ({ field: 'payload.character_id', op: 'eq', value: c })),
    ].map((c) => [...keyOptions(c), ...suffixOptions(c)])
    const chosen = chooseKeys(options).slice(0, 3)
    expect(chosen.map((k) => k && [k.field, k.suffixes ?? k.values])).toEqual([
      ['payload.character_id', ['13']],
      ['payload.character_id', ['c1']],
      ['payload.character_id', ['777']],
    ])
  })

  it('looks triggers up by their ending instead of testing them on every event', () => {
    const configs = ['1', '13', '777', '5', '02'].map((ending) =>
      trigger({
        id: `end-${ending}`,
        events: ['Death'],
        condition: { field: 'payload.character_id', op: 'ends-with', value: ending },
      }),
    )
    const index = new TriggerIndex(
      configs.map((config) => runtimeFor(config, undefined, undefined)),
    )
    const list = index.forSource('src').byType.get('Death')!
    expect(list.plain).toEqual([])
    expect(list.values).toBeDefined()
  })
})
