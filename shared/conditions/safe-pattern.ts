/**
 * The one place a user's pattern (`matches`) is judged and compiled: the schema asks it whether a
 * pattern is accepted, evaluation (live triggers, backtests, near-miss explanations) compiles with
 * it, and the renderer checks what is typed with it, so all three give the same answer.
 *
 * Patterns are written in JavaScript's syntax (config v1 has always said so) and run on RE2JS, a
 * pure-JavaScript port of RE2. RE2 matches in time linear in the text, whatever the pattern: the
 * stream chooses the text, so a backtracking engine (V8's) would let one event with a long run of
 * `a`s hold `^(a+)+$` for minutes, stopping every source, the REST API and the UI with it. What
 * RE2 cannot run (lookaround, backreferences) is refused when the trigger is saved.
 *
 * Flags: `i`, `m`, `s` as in JavaScript. `u` and `v` are accepted and change nothing at run time:
 * RE2 always matches by Unicode code point, as JavaScript does under `u`; `v`'s class set notation
 * (`[\p{L}--[a-z]]`) has no RE2 equivalent and is refused, so a `v` pattern that is accepted means
 * what it means under `u`. `g` and `y` are refused: in JavaScript they make `test` stateful.
 *
 * A value is tried on its first PATTERN_TEXT_LIMIT characters only, which bounds the cost of one
 * test whatever the stream sends; a value cut there goes on past the cut, so `$` (without `m`)
 * matches nowhere in it (otherwise `^(a+)+$` would match 100,000 `a`s and a `!`).
 */

import { RE2JS } from 're2js'
import {
  literalPrefix,
  literalSuffix,
  unsupportedConstruct,
  withoutEndOfText,
} from './pattern-constructs'
import { PatternMemo } from './pattern-memo'
import { errorText } from '../utils/error-text'

/** The flags a `matches` leaf may carry. */
export const PATTERN_FLAGS = ['i', 'm', 's', 'u', 'v'] as const

/**
 * A pattern is tried on the first this-many characters (UTF-16 code units) of a value: RE2 is
 * linear, but a trigger on a megabyte-long field would still cost milliseconds per event.
 */
export const PATTERN_TEXT_LIMIT = 64 * 1024

export interface PatternProblem {
  /** The leaf key the problem belongs to. */
  key: 'value' | 'flags'
  message: string
  /**
   * A valid JavaScript pattern that only the linear-time engine refuses (lookaround,
   * backreferences): a trigger may keep it while disabled (a config saved before patterns ran on
   * RE2 still loads), but cannot run it.
   */
  engine: boolean
}

export interface SafePattern {
  /**
   * Whether the pattern matches within the first PATTERN_TEXT_LIMIT characters of `text`. In a
   * longer value `$` without `m` matches nowhere: the text goes on past the cut.
   */
  test(text: string): boolean
}

export type PatternCompilation =
  { ok: true; pattern: SafePattern } | { ok: false; problem: PatternProblem }

const WHY = 'Vigil runs patterns on a linear-time engine so an event cannot freeze it'

const RE2_FLAGS: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
}

function flagsProblem(flags: string): string | null {
  if (![...flags].every((flag) => (PATTERN_FLAGS as readonly string[]).includes(flag)))
    return `use only the flags ${PATTERN_FLAGS.join(', ')}`
  if (new Set(flags).size !== flags.length) return 'write each flag once'
  if (flags.includes('u') && flags.includes('v')) return 'use u or v, not both'
  return null
}

export interface PatternOptions {
  /**
   * Answers short values from a memo (pattern-memo.ts; the default). The benchmark turns it off
   * to time the engine itself.
   */
  memo?: boolean
}

/** Judges and compiles a pattern; never throws. */
export function compilePattern(
  source: string,
  flags = '',
  options: PatternOptions = {},
): PatternCompilation {
  const refuse = (
    key: PatternProblem['key'],
    message: string,
    engine = false,
  ): PatternCompilation => ({ ok: false, problem: { key, message, engine } })
  const badFlags = flagsProblem(flags)
  if (badFlags) return refuse('flags', badFlags)
  try {
    // Only the syntax check: V8 compiles a pattern's matcher when it first runs, never here.
    new RegExp(source, flags)
  } catch (error) {
    const detail = errorText(error).replace(/^Invalid regular expression: /, '')
    return refuse('value', `invalid regular expression: ${detail}`)
  }
  const construct = unsupportedConstruct(source, flags)
  if (construct) return refuse('value', `${construct} is not supported: ${WHY}`, true)
  let re2Flags = 0
  for (const flag of flags) re2Flags |= RE2_FLAGS[flag] ?? 0
  // RE2JS's own translation of JavaScript-only syntax: `\uXXXX`, `\cX`, `[^]`, `(?<name>`.
  const re2 = (text: string) => RE2JS.compile(RE2JS.translateRegExp(text), re2Flags)
  let whole: RE2JS
  try {
    whole = re2(source)
  } catch (error) {
    // What JavaScript accepts and RE2 does not, e.g. `\p{Script=Greek}` or `x{1001}`.
    const detail = errorText(error).replace(/^error parsing regexp: /, '')
    return refuse('value', `the linear-time engine cannot run this pattern: ${detail}`, true)
  }
  // Built the first time a value is over the limit: most patterns never see one.
  let cut: RE2JS | undefined
  const engine = (text: string) =>
    text.length <= PATTERN_TEXT_LIMIT
      ? whole.test(text)
      : (cut ??= re2(withoutEndOfText(source, flags))).test(firstPart(text))
  // Short values that repeat (ids, names) are answered from a memo: RE2 runs once per value.
  let run = engine
  if (options.memo !== false) {
    const memo = new PatternMemo(engine)
    run = (text: string) => memo.test(text)
  }
  // A value that does not start with what every match starts with is turned away without the
  // engine (RE2JS costs a few hundred ns a test; most values of an anchored pattern fail here).
  // Likewise what every match ends with, before `$` (`^5428[0-9]*000$` promises `000`).
  const prefix = literalPrefix(source, flags)
  const suffix = literalSuffix(source, flags)
  const test =
    prefix === '' && suffix === ''
      ? run
      : (text: string) => text.startsWith(prefix) && text.endsWith(suffix) && run(text)
  return { ok: true, pattern: { test } }
}

/** What is wrong with a pattern, or null when it is accepted. */
export function patternProblem(source: string, flags = ''): PatternProblem | null {
  const compilation = compilePattern(source, flags)
  return compilation.ok ? null : compilation.problem
}

/** Compiles a pattern the schema has accepted; throws on one it refuses. */
export function mustCompilePattern(
  source: string,
  flags = '',
  options: PatternOptions = {},
): SafePattern {
  const compilation = compilePattern(source, flags, options)
  if (!compilation.ok) throw new Error(compilation.problem.message)
  return compilation.pattern
}

const NEVER: SafePattern = { test: () => false }

/**
 * Compiles a pattern the schema has accepted for a trigger that may be disabled: one the engine
 * cannot run (kept by a disabled trigger, see `PatternProblem.engine`) matches nothing.
 */
export function compileAcceptedPattern(source: string, flags = ''): SafePattern {
  const compilation = compilePattern(source, flags)
  if (compilation.ok) return compilation.pattern
  if (compilation.problem.engine) return NEVER
  throw new Error(compilation.problem.message)
}

/** The first PATTERN_TEXT_LIMIT characters, never ending halfway through a surrogate pair. */
function firstPart(text: string): string {
  if (text.length <= PATTERN_TEXT_LIMIT) return text
  const last = text.charCodeAt(PATTERN_TEXT_LIMIT - 1)
  const end = last >= 0xd800 && last <= 0xdbff ? PATTERN_TEXT_LIMIT - 1 : PATTERN_TEXT_LIMIT
  return text.slice(0, end)
}
