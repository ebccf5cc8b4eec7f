/**
 * What the builder offers for a leaf: operators in words, the ones that fit a field's kind first,
 * and the value a leaf keeps when its operator changes (what the user typed survives where the new
 * operator can use it). The value shapes themselves come from the shared schema's OPERATOR_VALUES.
 */

import {
  OPERATOR_VALUES,
  OPERATORS,
  type ConditionLeaf,
  type Operator,
  type Scalar,
} from '../../shared/conditions/schema'
import { patternProblem } from '../../shared/conditions/safe-pattern'

export type ValueRule = (typeof OPERATOR_VALUES)[Operator]

/** How a field's values read, as far as choosing an operator goes. */
export type FieldKind = 'number' | 'boolean' | 'string' | 'structure' | 'unknown'

export const OPERATOR_LABELS: Readonly<Record<Operator, string>> = {
  eq: 'equals',
  neq: 'does not equal',
  in: 'is one of',
  'not-in': 'is none of',
  contains: 'contains',
  'starts-with': 'starts with',
  'ends-with': 'ends with',
  matches: 'matches pattern',
  gt: 'is greater than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  between: 'is between',
  exists: 'exists',
  missing: 'is missing',
  'is-true': 'is true',
  'is-false': 'is false',
  changed: 'changed',
}

const FITTING: Readonly<Record<FieldKind, readonly Operator[]>> = {
  number: [
    'eq',
    'neq',
    'gt',
    'gte',
    'lt',
    'lte',
    'between',
    'in',
    'not-in',
    'changed',
    'exists',
    'missing',
  ],
  boolean: ['is-true', 'is-false', 'eq', 'neq', 'changed', 'exists', 'missing'],
  string: [
    'eq',
    'neq',
    'contains',
    'starts-with',
    'ends-with',
    'matches',
    'in',
    'not-in',
    'changed',
    'exists',
    'missing',
  ],
  structure: ['exists', 'missing', 'changed'],
  unknown: OPERATORS,
}

export const KIND_LABELS: Readonly<Record<FieldKind, string>> = {
  number: 'number',
  boolean: 'true/false',
  string: 'text',
  structure: 'object or list',
  unknown: 'any value',
}

/** Operators in two groups: the ones that fit the field's kind, then every other one. */
export function operatorGroups(kind: FieldKind): { fitting: Operator[]; other: Operator[] } {
  const fitting = [...FITTING[kind]]
  return { fitting, other: OPERATORS.filter((op) => !fitting.includes(op)) }
}

/**
 * A leaf as it starts for a field of this kind: `equals` for text and true/false (true, since a
 * flag is mostly watched for being set), `is at least` for numbers, `exists` for objects and lists.
 * A number starts without a value: the input is empty until one is written.
 */
export function defaultLeaf(field: string, kind: FieldKind): ConditionLeaf {
  switch (kind) {
    case 'number':
      return { field, op: 'gte' }
    case 'boolean':
      return { field, op: 'eq', value: true }
    case 'structure':
      return { field, op: 'exists' }
    case 'string':
    case 'unknown':
      return { field, op: 'eq', value: '' }
  }
}

/** True while a leaf holds only what `defaultLeaf` gave it for `kind`: no operator or value chosen. */
export function isDefaultLeaf(leaf: ConditionLeaf, kind: FieldKind): boolean {
  const start = defaultLeaf(leaf.field, kind)
  return (
    leaf.op === start.op &&
    leaf.value === start.value &&
    leaf.flags === undefined &&
    leaf.key === undefined
  )
}

export function valueRule(op: Operator): ValueRule {
  return OPERATOR_VALUES[op]
}

function firstScalar(value: ConditionLeaf['value']): Scalar | undefined {
  if (Array.isArray(value)) return value[0]
  return value
}

function asNumber(value: Scalar | undefined, fallback: number): number {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value)
  return fallback
}

/**
 * The leaf with a new operator: `value`, `flags` and `key` reshaped to what the operator takes,
 * keeping what the user wrote where it still makes sense (5 stays 5 from `eq` to `gt`, and becomes
 * `[5]` for `in`). A number or range with nothing to keep starts without a value: the input is
 * empty, and saving says the value is needed.
 */
export function withOperator(leaf: ConditionLeaf, op: Operator): ConditionLeaf {
  const next: ConditionLeaf = { field: leaf.field, op }
  const previous = firstScalar(leaf.value)
  switch (valueRule(op)) {
    case 'scalar':
      // Text unless the user says otherwise: ids like Census's 19-digit ones lose digits as numbers.
      next.value = previous ?? ''
      break
    case 'list':
      next.value = Array.isArray(leaf.value) ? [...leaf.value] : [previous ?? '']
      break
    case 'string':
    case 'regex':
      next.value = previous === undefined || previous === null ? '' : String(previous)
      break
    // No number written yet: none is made up (a 0 in the input made typing 20 give 020).
    case 'number': {
      const number = asNumber(previous, Number.NaN)
      if (Number.isFinite(number)) next.value = number
      break
    }
    case 'range': {
      const low = asNumber(previous, Number.NaN)
      if (!Number.isFinite(low)) break
      const high = Array.isArray(leaf.value) ? asNumber(leaf.value[1], low) : low
      next.value = [low, Math.max(low, high)]
      break
    }
    case 'none':
      break
  }
  if (op === 'matches' && leaf.flags) next.flags = leaf.flags
  if (op === 'changed' && leaf.key) next.key = leaf.key
  return next
}

/** A leaf in words: `payload.battle_rank is at least 100`. */
export function describeLeaf(leaf: Pick<ConditionLeaf, 'field' | 'op' | 'value'>): string {
  const words = `${leaf.field} ${OPERATOR_LABELS[leaf.op] ?? leaf.op}`
  if (leaf.value === undefined) return words
  if (leaf.op === 'between' && Array.isArray(leaf.value))
    return `${words} ${JSON.stringify(leaf.value[0])} and ${JSON.stringify(leaf.value[1])}`
  return `${words} ${JSON.stringify(leaf.value)}`
}

/**
 * Checks a pattern with the engine's own judge (shared safe-pattern), so the builder refuses
 * exactly what saving would: bad syntax, bad flags, lookaround, backreferences. The message or null.
 */
export function regexProblem(pattern: string, flags = ''): string | null {
  if (pattern === '') return 'a pattern is required'
  return patternProblem(pattern, flags)?.message ?? null
}

/**
 * What is wrong with a leaf's value, checked as it is edited (the schema's check runs on save):
 * a bad pattern, a range written high to low, a list with an empty value. Null when it is fine.
 */
export function valueProblem(leaf: Pick<ConditionLeaf, 'op' | 'value' | 'flags'>): string | null {
  const rule = valueRule(leaf.op)
  const value = leaf.value
  if (rule === 'regex') return regexProblem(typeof value === 'string' ? value : '', leaf.flags)
  if (rule === 'range' && Array.isArray(value) && value.length === 2) {
    const [low, high] = value
    if (typeof low === 'number' && typeof high === 'number' && low > high)
      return `the range is reversed: write the lower number first (${high} and ${low})`
  }
  if (rule === 'list' && Array.isArray(value)) {
    if (value.length === 0) return 'list at least one value'
    if (value.some((item) => typeof item === 'string' && item.trim() === ''))
      return 'a value is empty: fill it in or remove it'
  }
  return null
}
