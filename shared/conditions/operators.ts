/**
 * Each operator compiled once into a predicate over one value read from an event. Predicates
 * never throw: a value that cannot be read the way the operator needs (a word where a number is
 * expected, an object where text is) makes them answer false.
 *
 * Comparisons follow the type of the written `value`: `"eq": 17` compares numbers (so Census's
 * `"17"` and `"17.000000"` match), `"eq": "17"` compares text, `"eq": true` compares booleans
 * (`"1"`, `"true"`, `1`, `true`). `neq` and `not-in` need a value that is there and comparable:
 * they are false for a missing field, like every other operator but `missing`.
 */

import { toBoolean, toNumber, toText } from './coercion'
import { compileAcceptedPattern } from './safe-pattern'
import type { ConditionLeaf, Scalar } from './schema'

export type Predicate = (value: unknown) => boolean

function equals(expected: Scalar): Predicate {
  if (typeof expected === 'string') {
    return (value) =>
      value === expected ||
      ((typeof value === 'number' || typeof value === 'boolean') && String(value) === expected)
  }
  if (typeof expected === 'number') return (value) => toNumber(value) === expected
  if (typeof expected === 'boolean') return (value) => toBoolean(value) === expected
  return (value) => value === null
}

/** Present and readable as the expected kind, but different. */
function differs(expected: Scalar): Predicate {
  if (typeof expected === 'string') {
    return (value) => {
      const text = toText(value)
      return text !== undefined && text !== expected
    }
  }
  if (typeof expected === 'number') {
    return (value) => {
      const number = toNumber(value)
      return !Number.isNaN(number) && number !== expected
    }
  }
  if (typeof expected === 'boolean') {
    return (value) => {
      const flag = toBoolean(value)
      return flag !== undefined && flag !== expected
    }
  }
  return (value) => value !== undefined && value !== null
}

/** Lists this short are searched by comparing each item, which beats hashing the text seen. */
const SHORT_LIST = 8

function member(list: readonly Scalar[]): Predicate {
  const texts: string[] = []
  const numbers = new Set<number>()
  const flags = new Set<boolean>()
  let hasNull = false
  for (const item of list) {
    if (typeof item === 'string') {
      if (!texts.includes(item)) texts.push(item)
    } else if (typeof item === 'number') numbers.add(item)
    else if (typeof item === 'boolean') flags.add(item)
    else hasNull = true
  }
  const textSet = new Set(texts)
  const hasText: (text: string) => boolean =
    texts.length === 0
      ? () => false
      : texts.length <= SHORT_LIST
        ? (text) => {
            for (let i = 0; i < texts.length; i++) if (texts[i] === text) return true
            return false
          }
        : (text) => textSet.has(text)
  const checkNumbers = numbers.size > 0
  const checkFlags = flags.size > 0
  return (value) => {
    if (value === null) return hasNull
    const text = toText(value)
    if (text === undefined) return false
    if (hasText(text)) return true
    if (checkNumbers && numbers.has(toNumber(value))) return true
    if (checkFlags) {
      const flag = toBoolean(value)
      if (flag !== undefined && flags.has(flag)) return true
    }
    return false
  }
}

/** Numbers and booleans read as text the way JSON writes them (see toText). */
function isScalar(value: unknown): value is number | boolean {
  return typeof value === 'number' || typeof value === 'boolean'
}

/** The predicate of a leaf whose operator reads one value (all but exists, missing, changed). */
export function valuePredicate(leaf: ConditionLeaf): Predicate {
  const value = leaf.value
  switch (leaf.op) {
    case 'eq':
      return equals(value as Scalar)
    case 'neq':
      return differs(value as Scalar)
    case 'in':
      return member(value as Scalar[])
    case 'not-in': {
      const inList = member(value as Scalar[])
      return (seen) => toText(seen) !== undefined && !inList(seen)
    }
    // Text operators test strings directly (nearly every value a stream sends), and numbers and
    // booleans by their text; anything else is false.
    case 'contains': {
      const part = value as string
      return (seen) =>
        typeof seen === 'string'
          ? seen.includes(part)
          : isScalar(seen) && String(seen).includes(part)
    }
    case 'starts-with': {
      const prefix = value as string
      return (seen) =>
        typeof seen === 'string'
          ? seen.startsWith(prefix)
          : isScalar(seen) && String(seen).startsWith(prefix)
    }
    case 'ends-with': {
      const suffix = value as string
      return (seen) =>
        typeof seen === 'string'
          ? seen.endsWith(suffix)
          : isScalar(seen) && String(seen).endsWith(suffix)
    }
    case 'matches': {
      // Compiled once, for a linear-time engine: the stream writes the text (see safe-pattern).
      // A pattern it cannot run is only ever kept by a disabled trigger, and matches nothing.
      const pattern = compileAcceptedPattern(value as string, leaf.flags)
      return (seen) =>
        typeof seen === 'string' ? pattern.test(seen) : isScalar(seen) && pattern.test(String(seen))
    }
    // NaN compares false with everything, so values that are not numbers fall out by themselves.
    case 'gt': {
      const limit = value as number
      return (seen) => toNumber(seen) > limit
    }
    case 'gte': {
      const limit = value as number
      return (seen) => toNumber(seen) >= limit
    }
    case 'lt': {
      const limit = value as number
      return (seen) => toNumber(seen) < limit
    }
    case 'lte': {
      const limit = value as number
      return (seen) => toNumber(seen) <= limit
    }
    case 'between': {
      const [min, max] = value as [number, number]
      return (seen) => {
        const number = toNumber(seen)
        return number >= min && number <= max
      }
    }
    case 'is-true':
      return (seen) => toBoolean(seen) === true
    case 'is-false':
      return (seen) => toBoolean(seen) === false
    case 'exists':
      return (seen) => seen !== undefined && seen !== null
    case 'missing':
      return (seen) => seen === undefined || seen === null
    case 'changed':
      throw new Error('changed is stateful; compile it with its state')
  }
}
