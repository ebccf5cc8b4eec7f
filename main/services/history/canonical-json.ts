/**
 * An event's payload as history stores it: `JSON.stringify` of the value its frame's text parses
 * to, byte for byte what history stored when it encoded the parsed payload itself. Runs on the
 * SQLite thread, from the text as received, so the socket's thread never serialises an event.
 *
 * Most services write JSON exactly as `JSON.stringify` would (compact, keys in their order), so
 * the text is first checked in one pass, without building anything: when it is already in that
 * form it is stored as it is (or, for a member of the frame, as the slice of it that holds the
 * member). Anything else (whitespace, escapes other than the short ones, exponents, numbers
 * `JSON.stringify` would write differently, keys that are array indices, a key given twice, deep
 * nesting, objects of many keys) is parsed and serialised, which gives the same bytes the slow way.
 *
 * The check is conservative: it answers "already in form" only where that is certain. A string
 * is in form when it has no control character, no escape but `\" \\ \b \f \n \r \t` and no lone
 * surrogate; a number when it is an integer of at most 15 digits or a decimal of at most 15
 * significant digits without trailing zeros, at least 1e-6, in plain notation (the shortest text
 * that reads back as the same double, which is what `JSON.stringify` writes); an object when no
 * key is all digits (V8 orders array-index keys first) and no key repeats (the last one wins).
 *
 * Erasable TypeScript with no imports: the SQLite worker loads it with Node's type stripping.
 */

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const MINUS = 0x2d
const DOT = 0x2e
const ZERO = 0x30
const NINE = 0x39

/** Deeper than this, the check gives up (the parse that follows handles what JSON.parse took). */
const MAX_DEPTH = 64
/** Objects with more keys than this take the slow path (repeats are looked for pairwise). */
const MAX_KEYS = 32
/** Significant digits every double keeps exactly, read and written back. */
const MAX_DIGITS = 15

/** `JSON.stringify` of what `text` (valid JSON) parses to. */
export function canonicalJson(text: string): string {
  return isInForm(text) ? text : JSON.stringify(JSON.parse(text))
}

/** Whether `text` (valid JSON) is certainly what JSON.stringify writes for what it parses to. */
export function isInForm(text: string): boolean {
  return begin(text) && valueEnd(text, 0, 0) === text.length
}

/**
 * `JSON.stringify` of the member `key` of the object `text` (valid JSON) parses to, or `null`
 * when it has none.
 */
export function canonicalMember(text: string, key: string): string {
  const span = begin(text) ? memberSpan(text, key) : undefined
  if (span !== undefined) return text.slice(span[0], span[1])
  const value = (JSON.parse(text) as Record<string, unknown> | null)?.[key]
  return value === undefined ? 'null' : JSON.stringify(value)
}

/**
 * Where the next backslash of the text being checked lies (its length when none is left). Strings
 * before it have no escape, so each is passed over by one `indexOf` of its closing quote instead of
 * character by character. One check runs at a time (the thread is single and checks never nest).
 */
let nextBackslash = 0

/**
 * The earlier keys of the objects open in the check, as start and end pairs, each object's from
 * its own base: one buffer reused by every check instead of an array per object.
 */
const keyStack = new Int32Array(2 * MAX_KEYS * (MAX_DEPTH + 1))

/**
 * Readies the check of `text`: false when it holds a lone surrogate (JSON.stringify escapes
 * those), the one thing a string without escapes can hold that is out of form. (Control
 * characters cannot: JSON.parse takes none unescaped, and `text` parsed.)
 */
function begin(text: string): boolean {
  if (!text.isWellFormed()) return false
  const at = text.indexOf('\\')
  nextBackslash = at < 0 ? text.length : at
  return true
}

/** Where the member `key` lies in `text`, when all of `text` is in form and the key is there once. */
function memberSpan(text: string, key: string): [number, number] | undefined {
  if (text.charCodeAt(0) !== OPEN_OBJECT) return undefined
  let start = -1
  let end = -1
  let i = 1
  if (text.charCodeAt(i) === CLOSE_OBJECT) return undefined
  for (let keys = 0; ; keys += 2) {
    const keyStart = i
    const keyEnd = stringEnd(text, i)
    if (keyEnd < 0 || !newKey(text, keyStart, keyEnd, 0, keys)) return undefined
    if (text.charCodeAt(keyEnd) !== COLON) return undefined
    const valueStart = keyEnd + 1
    i = valueEnd(text, valueStart, 1)
    if (i < 0) return undefined
    if (sameText(text, keyStart + 1, keyEnd - 1, key)) {
      start = valueStart
      end = i
    }
    const next = text.charCodeAt(i)
    if (next === CLOSE_OBJECT) return i + 1 === text.length && start >= 0 ? [start, end] : undefined
    if (next !== COMMA) return undefined
    i++
  }
}

/** The end of the value starting at `i` when it is in form, else -1. */
function valueEnd(text: string, i: number, depth: number): number {
  const c = text.charCodeAt(i)
  if (c === QUOTE) return stringEnd(text, i)
  if (c === OPEN_OBJECT) return depth < MAX_DEPTH ? objectEnd(text, i, depth + 1) : -1
  if (c === OPEN_ARRAY) return depth < MAX_DEPTH ? arrayEnd(text, i, depth + 1) : -1
  if (c === MINUS || (c >= ZERO && c <= NINE)) return numberEnd(text, i)
  if (text.startsWith('true', i)) return i + 4
  if (text.startsWith('false', i)) return i + 5
  if (text.startsWith('null', i)) return i + 4
  return -1
}

function objectEnd(text: string, start: number, depth: number): number {
  let i = start + 1
  if (text.charCodeAt(i) === CLOSE_OBJECT) return i + 1
  const base = 2 * MAX_KEYS * depth
  for (let keys = 0; ; keys += 2) {
    const keyEnd = stringEnd(text, i)
    if (keyEnd < 0 || !newKey(text, i, keyEnd, base, keys)) return -1
    if (text.charCodeAt(keyEnd) !== COLON) return -1
    i = valueEnd(text, keyEnd + 1, depth)
    if (i < 0) return -1
    const next = text.charCodeAt(i)
    if (next === CLOSE_OBJECT) return i + 1
    if (next !== COMMA) return -1
    i++
  }
}

function arrayEnd(text: string, start: number, depth: number): number {
  let i = start + 1
  if (text.charCodeAt(i) === CLOSE_ARRAY) return i + 1
  for (;;) {
    i = valueEnd(text, i, depth)
    if (i < 0) return -1
    const next = text.charCodeAt(i)
    if (next === CLOSE_ARRAY) return i + 1
    if (next !== COMMA) return -1
    i++
  }
}

/** The end of the string starting at `start` (its closing quote included) when in form, else -1. */
function stringEnd(text: string, start: number): number {
  if (text.charCodeAt(start) !== QUOTE) return -1
  let close = start + 1
  while (close < nextBackslash && text.charCodeAt(close) !== QUOTE) close++
  if (close < nextBackslash) return close + 1
  return escapedStringEnd(text, start)
}

/** stringEnd of a string that holds an escape: character by character. */
function escapedStringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      const at = text.indexOf('\\', i + 1)
      nextBackslash = at < 0 ? text.length : at
      return i + 1
    }
    if (c < 0x20) return -1
    if (c === BACKSLASH) {
      const escaped = text.charCodeAt(++i)
      // The escapes JSON.stringify writes for these characters, and only those.
      if (
        escaped !== QUOTE &&
        escaped !== BACKSLASH &&
        escaped !== 0x62 && // b
        escaped !== 0x66 && // f
        escaped !== 0x6e && // n
        escaped !== 0x72 && // r
        escaped !== 0x74 // t
      )
        return -1
    }
  }
  return -1
}

/**
 * The end of the number starting at `start` when JSON.stringify would write it so, else -1. JSON
 * grammar is taken as given (the text parsed): no leading zeros, digits after a point.
 */
function numberEnd(text: string, start: number): number {
  let i = start
  const negative = text.charCodeAt(i) === MINUS
  if (negative) i++
  const intStart = i
  while (isDigit(text.charCodeAt(i))) i++
  const intDigits = i - intStart
  if (text.charCodeAt(i) !== DOT) {
    if (isExponent(text.charCodeAt(i))) return -1
    // -0 is written 0.
    if (negative && intDigits === 1 && text.charCodeAt(intStart) === ZERO) return -1
    return intDigits <= MAX_DIGITS ? i : -1
  }
  i++
  const fractionStart = i
  while (isDigit(text.charCodeAt(i))) i++
  if (isExponent(text.charCodeAt(i)) || text.charCodeAt(i - 1) === ZERO) return -1
  const fractionDigits = i - fractionStart
  if (intDigits === 1 && text.charCodeAt(intStart) === ZERO) {
    let zeros = 0
    while (text.charCodeAt(fractionStart + zeros) === ZERO) zeros++
    // Below 1e-6 JSON.stringify writes an exponent.
    if (zeros > 5 || fractionDigits - zeros > MAX_DIGITS) return -1
    return i
  }
  return intDigits + fractionDigits <= MAX_DIGITS ? i : -1
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE
}

function isExponent(c: number): boolean {
  return c === 0x65 || c === 0x45
}

/**
 * Whether the key in `text[start, end)` (quotes included) keeps its place and its value: not an
 * array index (all digits: V8 puts those first), and not one this object has already had (the
 * last one wins). The object's earlier `count / 2` keys are in `keyStack` from `base`, as start and
 * end pairs; past MAX_KEYS of them the answer is no.
 */
function newKey(text: string, start: number, end: number, base: number, count: number): boolean {
  if (isDigit(text.charCodeAt(start + 1))) {
    let digits = true
    for (let i = start + 2; i < end - 1 && digits; i++) digits = isDigit(text.charCodeAt(i))
    if (digits) return false
  }
  const length = end - start
  if (count >= 2 * MAX_KEYS) return false
  for (let k = base; k < base + count; k += 2) {
    const from = keyStack[k]!
    if (keyStack[k + 1]! - from === length && sameSpan(text, from, start, length)) return false
  }
  keyStack[base + count] = start
  keyStack[base + count + 1] = end
  return true
}

function sameSpan(text: string, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++)
    if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false
  return true
}

/** Whether `text[start, end)` is exactly `expected`. */
function sameText(text: string, start: number, end: number, expected: string): boolean {
  return end - start === expected.length && text.startsWith(expected, start)
}
