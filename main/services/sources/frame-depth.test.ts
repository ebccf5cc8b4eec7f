import { describe, expect, it } from 'vitest'
import { nestsDeeperThan } from './frame-depth'

const bytes = (text: string) => Buffer.from(text)
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)

describe('nestsDeeperThan', () => {
  it('counts arrays and objects inside one another', () => {
    expect(nestsDeeperThan(bytes(nested(3)), 3)).toBe(false)
    expect(nestsDeeperThan(bytes(nested(4)), 3)).toBe(true)
    expect(nestsDeeperThan(bytes('{"a":[{"b":[1]}]}'), 4)).toBe(false)
    expect(nestsDeeperThan(bytes('{"a":[{"b":[[1]]}]}'), 4)).toBe(true)
    // Siblings do not add up.
    expect(nestsDeeperThan(bytes('[[1],[2],{"a":{}},[3]]'), 3)).toBe(false)
  })

  it('ignores brackets inside strings, escaped quotes and all', () => {
    expect(nestsDeeperThan(bytes(`{"a":"${'[{'.repeat(50)}"}`), 1)).toBe(false)
    expect(nestsDeeperThan(bytes(String.raw`["\"[[[[", "\\", [[1]]]`), 3)).toBe(false)
    expect(nestsDeeperThan(bytes(String.raw`["\"[[[[", "\\", [[[1]]]]`), 3)).toBe(true)
    expect(nestsDeeperThan(bytes('["é[[[", "日本"]'), 1)).toBe(false)
  })
})
