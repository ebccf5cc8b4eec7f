import { describe, expect, it } from 'vitest'
import { OPERATORS } from '../../shared/conditions/schema'
import { validateWith } from '../../shared/schema-kit'
import { triggerDraftSchema } from '../../shared/trigger-config'
import { describeLeaf, operatorGroups, regexProblem, withOperator } from './operator-choice'

describe('operator choice', () => {
  it('offers the operators that fit a kind first, and every operator somewhere', () => {
    const number = operatorGroups('number')
    expect(number.fitting.slice(0, 3)).toEqual(['eq', 'neq', 'gt'])
    expect(number.fitting).not.toContain('contains')
    expect([...number.fitting, ...number.other].sort()).toEqual([...OPERATORS].sort())
    expect(operatorGroups('boolean').fitting[0]).toBe('is-true')
    expect(operatorGroups('unknown').other).toEqual([])
  })

  it('keeps what the user wrote when the operator changes shape', () => {
    const leaf = { field: 'payload.x', op: 'eq' as const, value: 5 }
    expect(withOperator(leaf, 'in')).toEqual({ field: 'payload.x', op: 'in', value: [5] })
    expect(withOperator(leaf, 'between').value).toEqual([5, 5])
    expect(withOperator(leaf, 'gt').value).toBe(5)
    expect(withOperator(leaf, 'contains').value).toBe('5')
    expect(withOperator({ ...leaf, value: 'abc' }, 'gt')).toEqual({ field: 'payload.x', op: 'gt' })
    expect(withOperator({ field: 'payload.x', op: 'exists' }, 'between')).toEqual({
      field: 'payload.x',
      op: 'between',
    })
    expect(withOperator({ ...leaf, value: '17' }, 'gte').value).toBe(17)
    expect(withOperator({ field: 'payload.x', op: 'in', value: ['a', 'b'] }, 'eq').value).toBe('a')
  })

  it('drops the value, flags and key where the new operator takes none', () => {
    expect(withOperator({ field: 'f', op: 'matches', value: 'x', flags: 'i' }, 'exists')).toEqual({
      field: 'f',
      op: 'exists',
    })
    expect(withOperator({ field: 'f', op: 'matches', value: 'x', flags: 'i' }, 'matches')).toEqual({
      field: 'f',
      op: 'matches',
      value: 'x',
      flags: 'i',
    })
    expect(withOperator({ field: 'f', op: 'changed', key: 'payload.id' }, 'changed').key).toBe(
      'payload.id',
    )
    expect(withOperator({ field: 'f', op: 'changed', key: 'payload.id' }, 'eq')).toEqual({
      field: 'f',
      op: 'eq',
      value: '',
    })
  })

  it('checks patterns as the engine compiles them and words leaves', () => {
    expect(regexProblem('a(b')).toMatch(/Unterminated group|unterminated/i)
    expect(regexProblem('')).toBe('a pattern is required')
    expect(regexProblem('^a+$', 'i')).toBeNull()
    expect(describeLeaf({ field: 'payload.br', op: 'between', value: [1, 5] })).toBe(
      'payload.br is between 1 and 5',
    )
  })

  it('refuses exactly the patterns saving refuses, in the same words', () => {
    const cases: [pattern: string, flags?: string][] = [
      ['^(a+)+$'],
      ['(?<=x)y'],
      ['(?!x)y', 'i'],
      ['(a)\\1'],
      ['[\\p{L}--[a-z]]', 'v'],
      ['^\\w+$', 'v'],
      ['a(b'],
      ['x', 'gi'],
      ['\\p{Script=Greek}', 'u'],
    ]
    for (const [pattern, flags] of cases) {
      const saved = validateWith(triggerDraftSchema, {
        name: 'pattern',
        condition: { field: 'payload.s', op: 'matches', value: pattern, flags },
      })
      const refusal = saved.ok ? null : saved.issues[0]!.message
      expect(regexProblem(pattern, flags), pattern).toBe(refusal)
    }
    expect(regexProblem('(?<=x)y')).toMatch(/^lookbehind `\(\?<=` is not supported: /)
    expect(regexProblem('^(a+)+$')).toBeNull()
  })
})
