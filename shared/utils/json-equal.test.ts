import { describe, expect, it } from 'vitest'
import { jsonEqual } from './json-equal'

describe('jsonEqual', () => {
  it('ignores the order of object keys, at any depth', () => {
    expect(
      jsonEqual({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 }),
    ).toBe(true)
    expect(jsonEqual({ A: '1', B: '2' }, { B: '2', A: '1' })).toBe(true)
  })

  it('keeps the order of arrays, and tells values, types and shapes apart', () => {
    expect(jsonEqual([1, 2], [2, 1])).toBe(false)
    expect(jsonEqual([1], [1, 1])).toBe(false)
    expect(jsonEqual({ a: 1 }, { a: '1' })).toBe(false)
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false)
    expect(jsonEqual({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false)
    expect(jsonEqual({}, [])).toBe(false)
    expect(jsonEqual(null, {})).toBe(false)
    expect(jsonEqual('x', 'x')).toBe(true)
  })

  it('counts a key holding undefined as absent, as JSON does', () => {
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true)
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(true)
    expect(jsonEqual({ a: undefined }, { b: undefined })).toBe(true)
  })
})
