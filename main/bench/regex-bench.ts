/**
 * The `regex` phase of `npm run bench`: what a `matches` test costs on RE2 (re2js, which Vigil
 * runs since patterns must not let a stream freeze it) against V8's RegExp (which it ran before),
 * for each pattern of the bench triggers, on the Census values those triggers read. Both engines
 * run in the same process and round, alternating, and must agree on every value. A third figure
 * is what Vigil runs: RE2 behind its memo of answers per short value (pattern-memo.ts; here every
 * value after the first pass is found in it, and the values are the same strings pass after pass,
 * so their hashes are kept: a floor, not what a stream's fresh strings cost). A last line times the
 * tester's `^(a+)+$` on a few `a`s and a `!`, where V8's time doubles with each `a`.
 */

import { performance } from 'node:perf_hooks'
import { mustCompilePattern } from '../../shared/conditions/safe-pattern'
import { isLeaf, type Condition, type ConditionLeaf } from '../../shared/conditions/schema'
import { benchTriggers } from './bench-triggers'
import { censusFrameTexts } from './feed-frames'
import { median } from './measure'

type Test = (text: string) => boolean

interface Case {
  label: string
  values: string[]
  v8: Test
  re2: Test
  memo: Test
}

function matchesLeaves(condition: Condition, out: ConditionLeaf[] = []): ConditionLeaf[] {
  if (isLeaf(condition)) {
    if (condition.op === 'matches') out.push(condition)
  } else if ('not' in condition) matchesLeaves(condition.not, out)
  else
    for (const child of 'all' in condition ? condition.all : condition.any)
      matchesLeaves(child, out)
  return out
}

/** One case per distinct pattern of the bench triggers, over every generated value of its field. */
function benchCases(): Case[] {
  const payloads = censusFrameTexts(8_192).map(
    (text) => (JSON.parse(text) as { payload: Record<string, string> }).payload,
  )
  const seen = new Map<string, ConditionLeaf>()
  for (const trigger of benchTriggers('ps2'))
    for (const leaf of matchesLeaves(trigger.condition))
      seen.set(`${leaf.field} ${String(leaf.value)} ${leaf.flags ?? ''}`, leaf)
  return [...seen.values()].map((leaf) => {
    const source = leaf.value as string
    const key = leaf.field.replace(/^payload\./, '')
    const v8 = new RegExp(source, leaf.flags ?? '')
    const re2 = mustCompilePattern(source, leaf.flags, { memo: false })
    const memo = mustCompilePattern(source, leaf.flags)
    return {
      label: `/${source}/${leaf.flags ?? ''} on ${leaf.field}`,
      values: payloads.map((payload) => payload[key]).filter((v) => typeof v === 'string'),
      v8: (text) => v8.test(text),
      re2: (text) => re2.test(text),
      memo: (text) => memo.test(text),
    }
  })
}

/** Nanoseconds per test: passes over `values` until `ms` have gone by. */
function nsPerTest(test: Test, values: readonly string[], ms: number): number {
  let tests = 0
  let hits = 0
  const start = performance.now()
  let now = start
  while (now - start < ms) {
    for (let i = 0; i < values.length; i++) if (test(values[i]!)) hits++
    tests += values.length
    now = performance.now()
  }
  // Using the count keeps the loop from being optimised away.
  if (hits < 0) throw new Error('unreachable')
  return ((now - start) * 1e6) / tests
}

export function printRegexBench(rounds = 5, ms = 300): void {
  console.log(`\nPattern tests, RE2 (re2js) against V8's RegExp (median of ${rounds} rounds)`)
  for (const { label, values, v8, re2, memo } of benchCases()) {
    const disagree = values.filter(
      (value) => v8(value) !== re2(value) || re2(value) !== memo(value),
    )
    if (disagree.length > 0)
      throw new Error(`${label}: the engines disagree on ${disagree.length} values`)
    const matched = values.filter(re2).length
    const tests = { v8, re2, memo }
    const times: Record<keyof typeof tests, number[]> = { v8: [], re2: [], memo: [] }
    const orders = [
      ['v8', 're2', 'memo'],
      ['memo', 're2', 'v8'],
    ] as const
    for (let round = 0; round < rounds; round++)
      for (const engine of orders[round % 2]!)
        times[engine].push(nsPerTest(tests[engine], values, ms))
    const [a, b, c] = [median(times.v8), median(times.re2), median(times.memo)]
    console.log(`  ${label}`)
    console.log(
      `    ${values.length.toLocaleString('en-US')} values (${matched} match): ` +
        `V8 ${a.toFixed(0)} ns, RE2 ${b.toFixed(0)} ns per test (RE2/V8 ${(b / a).toFixed(1)}x); ` +
        `RE2 behind the memo ${c.toFixed(0)} ns`,
    )
  }
  const nested = mustCompilePattern('^(a+)+$', '', { memo: false })
  const v8Nested = /^(a+)+$/
  // V8 interprets a pattern's first runs and compiles it to machine code after: time the latter.
  for (let i = 0; i < 3; i++) v8Nested.test('aaaa!')
  const line = [20, 22, 24].map((n) => {
    const text = `${'a'.repeat(n)}!`
    const start = performance.now()
    v8Nested.test(text)
    const v8Ms = performance.now() - start
    return `${n}: V8 ${v8Ms.toFixed(1)} ms, RE2 ${(nsPerTest(nested.test, [text], 50) / 1000).toFixed(1)} µs`
  })
  console.log(`  /^(a+)+$/ on n "a"s and a "!" (one V8 test each)  ${line.join('; ')}`)
}
