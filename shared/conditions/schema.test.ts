import { describe, expect, it } from 'vitest'
import { validateWith } from '../schema-kit'
import { conditionSchema } from './schema'

const problems = (input: unknown) => {
  const result = validateWith(conditionSchema, input)
  return result.ok ? [] : result.issues
}

describe('condition schema', () => {
  it('accepts a well-formed tree unchanged', () => {
    const tree = {
      all: [
        { field: 'payload.is_headshot', op: 'is-true' },
        { any: [{ field: 'payload.world_id', op: 'in', value: ['1', 17] }] },
        { not: { field: 'type', op: 'matches', value: '^Gain', flags: 'i' } },
        { field: 'payload.battle_rank', op: 'changed', key: 'payload.character_id' },
        { field: 'payload.faction_nc', op: 'between', value: [10, 20] },
      ],
    }
    const result = validateWith(conditionSchema, tree)
    expect(result.ok && result.value).toEqual(tree)
  })

  it('reports each bad leaf at its own path', () => {
    const issues = problems({
      all: [
        { field: 'payload.a', op: 'eq', value: '1' },
        { field: 'payload.a', op: 'matches', value: '(' },
        { any: [{ field: 'payload.a', op: 'nope', value: 1 }] },
        { field: 'a..b', op: 'exists' },
        { field: 'character_id', op: 'exists' },
        { not: { field: 'payload.a', op: 'gt', value: 'ten' } },
        { field: 'payload.a', op: 'exists', value: 1 },
        { field: 'payload.a', op: 'between', value: [5, 1] },
        { field: 'payload.a', op: 'matches', value: 'x', flags: 'g' },
        { field: 'payload.a', op: 'eq', value: '1', colour: 'red' },
        { field: 'payload.a', op: 'in' },
      ],
    })
    const byPath = Object.fromEntries(issues.map((issue) => [issue.path, issue.message]))
    expect(Object.keys(byPath)).toEqual([
      'all.1.value',
      'all.2.any.0.op',
      'all.3.field',
      'all.4.field',
      'all.5.not.value',
      'all.6.value',
      'all.7.value',
      'all.8.flags',
      'all.9.colour',
      'all.10.value',
    ])
    expect(byPath['all.1.value']).toMatch(/invalid regular expression/)
    expect(byPath['all.2.any.0.op']).toMatch(/unknown operator/)
    expect(byPath['all.3.field']).toMatch(/position 3/)
    expect(byPath['all.4.field']).toMatch(/payload\.character_id/)
    expect(byPath['all.6.value']).toMatch(/takes no value/)
    expect(byPath['all.10.value']).toMatch(/needs a value/)
  })

  it('refuses groups with two keys, non-objects and runaway nesting', () => {
    expect(problems({ all: [], any: [] })[0]?.path).toBe('(root)')
    expect(problems({ all: [1] })[0]).toEqual({
      path: 'all.0',
      message: 'a condition is an object',
    })
    let deep: unknown = { field: 'payload.a', op: 'exists' }
    for (let i = 0; i < 20; i++) deep = { not: deep }
    expect(problems(deep)[0]?.message).toMatch(/nested deeper/)
  })
})
