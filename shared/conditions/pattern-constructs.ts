/**
 * Reads the structure of a pattern that is already valid JavaScript, for the two things the
 * linear-time engine needs from it (see safe-pattern):
 *
 * - `unsupportedConstruct`: lookaround and backreferences (they need backtracking, which is what
 *   lets one event freeze a backtracking engine), and the `v` flag's class set notation (RE2 has
 *   no set operations, and reads `[[a-z]&&[aeiou]]` as something else entirely). RE2 refuses most
 *   of these too, but in its own words (`invalid named capture` for a lookbehind); this names them
 *   as people wrote them, and catches the two RE2 would read differently without a word
 *   (`\k<name>`, which the JavaScript-to-RE2 translation turns into the letter k, and set notation).
 * - `withoutEndOfText`: the pattern with `$` made impossible, for a value cut at the text limit.
 */

const LOOKAROUND: readonly (readonly [prefix: string, name: string])[] = [
  ['(?<=', 'lookbehind'],
  ['(?<!', 'negative lookbehind'],
  ['(?=', 'lookahead'],
  ['(?!', 'negative lookahead'],
]

interface Place {
  /** Index of the character; for an escape, of the character after the backslash. */
  at: number
  escaped: boolean
  inClass: boolean
}

/** Every character of the pattern in order, with whether it is escaped or inside a `[...]`. */
function* places(source: string): Generator<Place> {
  let inClass = false
  for (let at = 0; at < source.length; at++) {
    if (source[at] === '\\') {
      yield { at: ++at, escaped: true, inClass }
      continue
    }
    if (inClass && source[at] === ']') inClass = false
    else if (!inClass && source[at] === '[') {
      yield { at, escaped: false, inClass: false }
      inClass = true
      continue
    }
    yield { at, escaped: false, inClass }
  }
}

interface Backreference {
  text: string
  /** The group number of `\1`..`\99`; absent for `\k<name>`. */
  number?: number
}

/**
 * The first construct of `source` (valid JavaScript with `flags`) that the engine cannot run, as
 * it is written and named (`lookbehind \`(?<=\``), or null when there is none.
 */
export function unsupportedConstruct(source: string, flags: string): string | null {
  const sets = flags.includes('v')
  let groups = 0
  let named = false
  const backreferences: Backreference[] = []
  for (const { at, escaped, inClass } of places(source)) {
    const char = source[at]
    const next = source[at + 1]
    if (escaped) {
      if (!inClass && char !== undefined && char >= '1' && char <= '9') {
        const digits = /^\d+/.exec(source.slice(at))![0]
        backreferences.push({ text: `\\${digits}`, number: Number(digits) })
      } else if (!inClass && char === 'k' && next === '<') {
        const end = source.indexOf('>', at)
        backreferences.push({ text: `\\${source.slice(at, end < 0 ? at + 2 : end + 1)}` })
      } else if (inClass && sets && char === 'q' && next === '{') {
        return 'string literal `\\q{` in a character class (flag v)'
      }
    } else if (inClass) {
      if (sets && char === '[') return 'nested character class `[` (flag v)'
      if (sets && (char === '&' || char === '-') && next === char)
        return `class ${char === '&' ? 'intersection' : 'subtraction'} \`${char}${char}\` (flag v)`
    } else if (char === '(') {
      if (next !== '?') {
        groups++
        continue
      }
      const around = LOOKAROUND.find(([prefix]) => source.startsWith(prefix, at))
      if (around) return `${around[1]} \`${around[0]}\``
      if (source[at + 2] === '<') {
        groups++
        named = true
      }
    }
  }
  // JavaScript reads `\2` as a backreference only when the pattern has a second group (anywhere);
  // otherwise, without u or v, it is an old octal escape. `\k<x>` is one with u or v, or when the
  // pattern names a group; otherwise it is the letters k<x>.
  const unicode = sets || flags.includes('u')
  const backreference = backreferences.find((ref) =>
    ref.number === undefined ? unicode || named : ref.number <= groups,
  )
  return backreference ? `backreference \`${backreference.text}\`` : null
}

/**
 * `source` with every end-of-text assertion outside a class (`$`, and `\z`, which the translation
 * to RE2 keeps) replaced by `[]`, JavaScript's class that matches nothing: for a value cut at the
 * text limit, whose text goes on past the cut, so that `^a+$` does not match a value that only
 * begins with the letter a. (`[]` stands wherever either may, quantified or not.) Under the flag
 * `m`, `$` also marks line breaks, which a value cut short still has, so it stays, and matches at
 * the cut as well: a rare false match there beats never matching a line end in a long value.
 */
export function withoutEndOfText(source: string, flags: string): string {
  const dollar = !flags.includes('m')
  let out = ''
  let from = 0
  for (const { at, escaped, inClass } of places(source)) {
    if (inClass) continue
    if (escaped ? source[at] !== 'z' : !dollar || source[at] !== '$') continue
    const start = escaped ? at - 1 : at
    out += `${source.slice(from, start)}[]`
    from = at + 1
  }
  return out + source.slice(from)
}

/** Characters that stand for themselves outside a class, whatever the flags but `i`. */
const PLAIN = /^[A-Za-z0-9 _,:;=@#%&'"<>/~!-]$/

/**
 * The text every match of `source` must start a value with: the plain characters after a leading
 * `^` (none after an escape, a class, a group or a dot), less the last one when a quantifier
 * follows it (`^ab*` promises only `a`). '' when nothing is promised: no leading `^`, an
 * alternation anywhere (`^ab|cd` matches `xcd`), the flag `i` (case) or `m` (`^` at any line).
 * Testing this with `startsWith` first turns most values away without running the engine.
 */
export function literalPrefix(source: string, flags: string): string {
  if (!source.startsWith('^') || source.includes('|') || /[im]/.test(flags)) return ''
  let end = 1
  while (end < source.length && PLAIN.test(source[end]!)) end++
  if (end < source.length && '?*+{'.includes(source[end]!)) end--
  return source.slice(1, end)
}

/**
 * The text every match of `source` must end a value with: the plain characters before a trailing
 * `$` (none after a class, a group, a dot or a quantifier; the first is dropped when a backslash
 * may make it an escape: `\d00$` promises only `00`). '' when nothing is promised: no trailing
 * unescaped `$`, an alternation anywhere (`ab|cd$` matches `abx`), the flag `i` (case) or `m` (`$`
 * at any line). Testing this with `endsWith` first turns most values away without the engine: a
 * value that does not end with it fails, and one too long for the engine (PATTERN_TEXT_LIMIT)
 * fails either way, its `$` matching nowhere.
 */
export function literalSuffix(source: string, flags: string): string {
  if (!source.endsWith('$') || source.includes('|') || /[im]/.test(flags)) return ''
  const last = source.length - 1
  if (source[last - 1] === '\\') return ''
  let start = last
  while (start > 0 && PLAIN.test(source[start - 1]!)) start--
  if (start > 0 && source[start - 1] === '\\') start++
  return start >= last ? '' : source.slice(start, last)
}
