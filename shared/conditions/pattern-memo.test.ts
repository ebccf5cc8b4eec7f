import fc from 'fast-check'
import { RE2JS } from 're2js'
import { describe, expect, it } from 'vitest'
import { compilePattern } from './safe-pattern'
import {
  JUDGE_EVERY,
  MEMO_PER_PATTERN,
  MEMO_VALUE_CHARS,
  MemoBudget,
  PatternMemo,
  REST,
} from './pattern-memo'

/** A stand-in for RE2 that counts its runs. */
function counting(answer: (text: string) => boolean = (text) => text.endsWith('7')) {
  const runs = { count: 0 }
  const compute = (text: string) => {
    runs.count++
    return answer(text)
  }
  return { runs, compute }
}

describe('pattern memo', () => {
  it('runs the pattern once per repeated short value, and answers the same', () => {
    const { runs, compute } = counting()
    const memo = new PatternMemo(compute, new MemoBudget(100))
    const values = ['5428011263335540317', '5428011263335540318', '5428011263335540317']
    expect(values.map((v) => memo.test(v))).toEqual([true, false, true])
    expect(memo.test('5428011263335540318')).toBe(false)
    expect(runs.count).toBe(2)
    expect(memo.size).toBe(2)
  })

  it('does not remember values longer than the limit', () => {
    const { runs, compute } = counting()
    const memo = new PatternMemo(compute, new MemoBudget(100))
    const long = `${'1'.repeat(MEMO_VALUE_CHARS)}7`
    expect(memo.test(long)).toBe(true)
    expect(memo.test(long)).toBe(true)
    expect(runs.count).toBe(2)
    expect(memo.size).toBe(0)
  })

  it('holds at most its capacity, and all memos together at most their budget', () => {
    const budget = new MemoBudget(10)
    const first = new PatternMemo(counting().compute, budget, 8)
    const second = new PatternMemo(counting().compute, budget, 8)
    for (let i = 0; i < 20; i++) {
      first.test(`a${i}`)
      expect(first.size).toBeLessThanOrEqual(8)
      expect(budget.held).toBe(first.size)
    }
    const before = first.size
    for (let i = 0; i < 20; i++) second.test(`b${i}`)
    expect(budget.held).toBeLessThanOrEqual(10)
    expect(second.size).toBe(10 - before)
    // What the second could not keep it still answers, by running the pattern.
    expect(second.test('b19')).toBe(false)
  })

  it('forgets all at once past its capacity and gives the entries back to the budget', () => {
    const budget = new MemoBudget(100)
    const { runs, compute } = counting()
    const memo = new PatternMemo(compute, budget, 8)
    for (let i = 0; i < 8; i++) memo.test(`v${i}`)
    expect(memo.size).toBe(8)
    memo.test('v8')
    expect(memo.size).toBe(1)
    expect(budget.held).toBe(1)
    runs.count = 0
    memo.test('v0')
    expect(runs.count).toBe(1)
    expect(MEMO_PER_PATTERN).toBe(4096)
  })

  it('stops remembering on a field whose values never repeat, then tries again', () => {
    const budget = new MemoBudget(JUDGE_EVERY * 2)
    const { runs, compute } = counting()
    const memo = new PatternMemo(compute, budget, JUDGE_EVERY * 2)
    let n = 0
    for (; n < JUDGE_EVERY; n++) memo.test(`id-${n}`)
    expect(memo.size).toBe(0)
    expect(budget.held).toBe(0)
    // Resting: even a repeated value runs the pattern, and nothing is kept.
    memo.test('again')
    memo.test('again')
    expect(memo.size).toBe(0)
    for (let i = 2; i < REST; i++) memo.test(`id-${n++}`)
    runs.count = 0
    memo.test('again')
    memo.test('again')
    expect(runs.count).toBe(1)
    expect(memo.size).toBe(1)
  })

  it('keeps remembering where values repeat often enough', () => {
    const memo = new PatternMemo(counting().compute, new MemoBudget(1000))
    for (let i = 0; i < JUDGE_EVERY * 3; i++) memo.test(`id-${i % 300}`)
    expect(memo.size).toBe(300)
  })

  it('gives the same answers as RE2 alone over repeated values', () => {
    const patterns = ['[0-8]$|[0-8].$|[0-8]..$', '^5428[0-9]*000$', 'ab|c', '(?i)x.y']
    fc.assert(
      fc.property(
        fc.constantFrom(...patterns),
        fc.array(fc.stringMatching(/^[0-9abcxyXY]{0,8}$/), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (source, values, picks) => {
          const compiled = compilePattern(
            source.replace('(?i)', ''),
            source.startsWith('(?i)') ? 'i' : '',
          )
          if (!compiled.ok) throw new Error(compiled.problem.message)
          const plain = RE2JS.compile(
            source.replace('(?i)', ''),
            source.startsWith('(?i)') ? RE2JS.CASE_INSENSITIVE : 0,
          )
          for (const pick of picks) {
            const value = values[pick % values.length]!
            expect(compiled.pattern.test(value)).toBe(plain.test(value))
          }
        },
      ),
    )
  })
})
