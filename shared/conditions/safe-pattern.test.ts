import { describe, expect, it } from 'vitest'
import { validateConfig } from '../config'
import type { VigilEvent } from '../domain'
import { compileCondition } from './compile'
import { literalPrefix, literalSuffix } from './pattern-constructs'
import { compilePattern, patternProblem, PATTERN_TEXT_LIMIT } from './safe-pattern'
import type { ConditionLeaf } from './schema'

const WHY = 'Vigil runs patterns on a linear-time engine so an event cannot freeze it'

const event = (s: string): VigilEvent => ({
  id: 1,
  sourceId: 'hostile',
  type: 'Probe',
  receivedAt: 0,
  payload: { s },
})
const matches = (pattern: string, text: string, flags?: string) => {
  const compiled = compilePattern(pattern, flags)
  if (!compiled.ok) throw new Error(compiled.problem.message)
  return compiled.pattern.test(text)
}

/** Every pattern, under each flag that changes anchoring or case, answers every text as V8 does. */
function expectAsV8(patterns: readonly string[], texts: readonly string[]): void {
  for (const pattern of patterns)
    for (const flags of ['', 's', 'm', 'i'])
      for (const text of texts)
        expect(
          matches(pattern, text, flags),
          `/${pattern}/${flags} on ${JSON.stringify(text)}`,
        ).toBe(new RegExp(pattern, flags).test(text))
}

describe('matches on a linear-time engine', () => {
  // The tester's finding: on V8's backtracking engine the first event took 4.5 s, doubling with
  // each extra "a", and the second would never end. Timing is not asserted: a backtracking
  // engine simply never finishes within the test's timeout.
  it('answers false for 30 and for 100,000 "a"s and a "!" under ^(a+)+$', () => {
    const nested: ConditionLeaf = { field: 'payload.s', op: 'matches', value: '^(a+)+$' }
    const condition = compileCondition(nested)
    for (const text of [`${'a'.repeat(30)}!`, `${'a'.repeat(100_000)}!`]) {
      expect(condition.test(event(text))).toBe(false)
      expect(condition.explain(event(text))).toMatchObject({
        verdict: false,
        failing: { path: 'condition', verdict: false },
      })
    }
    expect(condition.test(event('a'.repeat(30)))).toBe(true)
  })

  it('tries the first 64 KiB of a value: a match past it is not found', () => {
    expect(PATTERN_TEXT_LIMIT).toBe(65_536)
    const filler = 'x'.repeat(PATTERN_TEXT_LIMIT - 6)
    expect(matches('needle', `${filler}needle and more`)).toBe(true)
    expect(matches('needle', `${filler}-needle and more`)).toBe(false)
    // A character whose two UTF-16 halves straddle the cut is past it, not half inside.
    expect(matches('x[^x]', `${'x'.repeat(PATTERN_TEXT_LIMIT - 1)}😀`, 'u')).toBe(false)
  })

  it('does not take the cut for the end of the text', () => {
    expect(matches('^a+$', 'a'.repeat(PATTERN_TEXT_LIMIT))).toBe(true)
    expect(matches('^a+$', 'a'.repeat(PATTERN_TEXT_LIMIT + 1))).toBe(false)
    expect(matches('^a+[$]?', 'a'.repeat(PATTERN_TEXT_LIMIT + 1))).toBe(true)
    expect(matches('a\\$', `a$${'a'.repeat(PATTERN_TEXT_LIMIT)}`)).toBe(true)
    expect(matches('a\\z', 'a'.repeat(PATTERN_TEXT_LIMIT + 1))).toBe(false)
    // With m, $ also marks line breaks, which a cut value still has (and the cut, documented).
    expect(matches('a$', `a\n${'b'.repeat(PATTERN_TEXT_LIMIT)}`, 'm')).toBe(true)
  })

  it('keeps the flags i, m and s, and JavaScript syntax the engine lacks', () => {
    expect(matches('^death$', 'Death', 'i')).toBe(true)
    expect(matches('^b$', 'a\nb')).toBe(false)
    expect(matches('^b$', 'a\nb', 'm')).toBe(true)
    expect(matches('a.b', 'a\nb')).toBe(false)
    expect(matches('a.b', 'a\nb', 's')).toBe(true)
    expect(matches('\\u0041[^]', 'AB')).toBe(true)
    expect(matches('(?<year>\\d{4})-\\d{2}', 'on 2025-11')).toBe(true)
    // Without groups, \8 is the digit 8 in JavaScript, and here.
    expect(matches('\\8', '8')).toBe(true)
  })

  it('accepts u and v, and reads a v pattern as under u', () => {
    expect(matches('^.$', '😀', 'u')).toBe(true)
    expect(matches('^[\\p{Lu}]$', 'É', 'v')).toBe(true)
    expect(patternProblem('[\\p{L}--[a-z]]', 'v')).toEqual({
      key: 'value',
      message: `class subtraction \`--\` (flag v) is not supported: ${WHY}`,
      engine: true,
    })
    expect(patternProblem('[[a-z]&&[aeiou]]', 'v')?.message).toMatch(/^nested character class/)
    expect(patternProblem('[\\q{abc}]', 'v')?.message).toMatch(/^string literal `\\q\{`/)
  })

  it('refuses lookaround and backreferences in plain words', () => {
    const cases: [pattern: string, construct: string][] = [
      ['(?<=\\$)\\d+', 'lookbehind `(?<=`'],
      ['(?<!un)done', 'negative lookbehind `(?<!`'],
      ['kill(?=ed)', 'lookahead `(?=`'],
      ['^(?!test)', 'negative lookahead `(?!`'],
      ['(a)\\1', 'backreference `\\1`'],
      ['\\1(a)', 'backreference `\\1`'],
      ['(?<w>a)\\k<w>', 'backreference `\\k<w>`'],
    ]
    for (const [pattern, construct] of cases)
      expect(patternProblem(pattern)).toEqual({
        key: 'value',
        message: `${construct} is not supported: ${WHY}`,
        engine: true,
      })
    // Inside a class or escaped, the same characters are only characters.
    expect(patternProblem('[(?=]\\(?!')).toBeNull()
  })

  it('refuses bad flags at the flags, bad syntax and what RE2 lacks at the pattern', () => {
    expect(patternProblem('x', 'g')).toEqual({
      key: 'flags',
      message: 'use only the flags i, m, s, u, v',
      engine: false,
    })
    expect(patternProblem('x', 'ii')?.key).toBe('flags')
    expect(patternProblem('x', 'uv')?.key).toBe('flags')
    expect(patternProblem('a(')?.message).toMatch(/^invalid regular expression: \/a\(\/: /)
    expect(patternProblem('\\p{Script=Greek}', 'u')?.message).toMatch(
      /^the linear-time engine cannot run this pattern: invalid character class range/,
    )
    expect(patternProblem('a{1001}')?.message).toMatch(/invalid repeat count/)
  })

  it('is refused when the trigger is saved, at the path of the leaf', () => {
    const trigger = (id: string, condition?: unknown) => ({
      id,
      name: id,
      actions: [{ type: 'notify', title: 'hit' }],
      ...(condition === undefined ? {} : { condition }),
    })
    const result = validateConfig({
      version: 1,
      triggers: [
        trigger('a'),
        trigger('b', { field: 'payload.s', op: 'matches', value: '^(a+)+$', flags: 'v' }),
        trigger('c', {
          all: [
            { field: 'payload.s', op: 'exists' },
            { field: 'payload.s', op: 'matches', value: '(?<=x)y' },
          ],
        }),
      ],
    })
    expect(result.ok ? [] : result.issues).toEqual([
      {
        path: 'triggers.2.condition.all.1.value',
        message: `lookbehind \`(?<=\` is not supported: ${WHY}`,
      },
    ])
  })
})

describe('the literal prefix check before the engine', () => {
  it('promises only what every match starts with', () => {
    const promised: [pattern: string, flags: string, prefix: string][] = [
      ['^5428[0-9]*000$', '', '5428'],
      ['^ab*c', '', 'a'],
      ['^a?b', '', ''],
      ['^ab{2}', '', 'a'],
      ['^a.b', '', 'a'],
      ['^a\\.b', '', 'a'],
      ['^ab(c)', '', 'ab'],
      ['^ab|cd', '', ''],
      ['ab', '', ''],
      ['^ab', 'i', ''],
      ['^ab', 'm', ''],
      ['^ab', 'su', 'ab'],
    ]
    for (const [pattern, flags, prefix] of promised)
      expect(literalPrefix(pattern, flags), `/${pattern}/${flags}`).toBe(prefix)
  })

  it('answers as V8 does for anchored patterns, prefix or not', () => {
    const patterns = [
      '^5428[0-9]*000$',
      '^ab*c',
      '^a?b',
      '^ab{2}',
      '^a.b',
      '^ab(c|d)',
      '^ab$',
      '^a',
    ]
    const texts = [
      '',
      'a',
      'ab',
      'abb',
      'abc',
      'abbc',
      'ac',
      'b',
      'axb',
      'abd',
      '5428000',
      '54281000',
    ]
    const also = ['5428x000', 'x5428000', 'ab\nab', 'AB', 'abcab']
    expectAsV8(patterns, [...texts, ...also])
  })
})

describe('the literal suffix check before the engine', () => {
  it('promises only what every match ends with', () => {
    const promised: [pattern: string, flags: string, suffix: string][] = [
      ['^5428[0-9]*000$', '', '000'],
      ['[0-8]$|[0-8].$|[0-8]..$', '', ''],
      ['ab*c$', '', 'c'],
      ['ab?$', '', ''],
      ['a{2}$', '', ''],
      ['a.b$', '', 'b'],
      ['\\d00$', '', '00'],
      ['\\$', '', ''],
      ['(ab)$', '', ''],
      ['ab$', 'i', ''],
      ['ab$', 'm', ''],
      ['ab$', 'su', 'ab'],
      ['ab', '', ''],
      ['$', '', ''],
    ]
    for (const [pattern, flags, suffix] of promised)
      expect(literalSuffix(pattern, flags), `/${pattern}/${flags}`).toBe(suffix)
  })

  it('answers as V8 does for end-anchored patterns, suffix or not', () => {
    const patterns = [
      '5428[0-9]*000$',
      'ab*c$',
      'a?b$',
      'b{2}$',
      'a.b$',
      '\\db$',
      '(c|d)ab$',
      'ab$',
    ]
    const texts = ['', 'b', 'ab', 'abb', 'abc', 'abbc', 'ac', 'axb', '1b', 'cab', 'dab', 'dabx']
    const also = ['5428000', '54281000', '5428x000', '5428000x', 'ab\nab', 'AB', 'abcab', 'ab\n']
    expectAsV8(patterns, [...texts, ...also])
  })

  it('turns a value away before the engine when the end anchor cannot hold past the cut', () => {
    const long = `5428${'0'.repeat(PATTERN_TEXT_LIMIT)}`
    expect(matches('^5428[0-9]*000$', long)).toBe(false)
    expect(matches('^5428[0-9]*000$', `${long}1`)).toBe(false)
  })
})
