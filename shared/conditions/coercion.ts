/**
 * How condition operators read values from real streams. Census sends every number and boolean as
 * a string (`"30.000000"`, `"0"`/`"1"`), PI Web API sends booleans as strings or as booleans
 * depending on the server version, and a value may be missing, null or an object. Each helper
 * answers a sentinel when a value cannot be read that way, so a leaf becomes false; none throws.
 */

// A whole decimal literal, optionally signed, with optional fraction and exponent. Stricter than
// Number(): '' and ' ' are not 0, '0x10' is not 16, 'Infinity' is not a number.
const NUMERIC = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/

/** The number a value stands for, or NaN (check with `Number.isNaN`). */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN
  return typeof value === 'string' ? parseDecimal(value) : Number.NaN
}

const isDigit = (code: number) => code >= 48 && code <= 57

/**
 * NUMERIC's answer, without running the regular expression for the usual case (a plain number as
 * Census sends them), since numeric operators call this for every event they look at.
 */
function parseDecimal(text: string): number {
  const number = +text
  if (Number.isNaN(number) || text.length === 0) return Number.NaN
  const first = text.charCodeAt(0)
  const last = text.charCodeAt(text.length - 1)
  const plain =
    (isDigit(first) || first === 43 || first === 45 || first === 46) && // digit + - .
    (isDigit(last) || last === 46)
  if (!plain) return NUMERIC.test(text) ? number : Number.NaN // padded with spaces, say
  // `+` also reads 0x10, 0b1 and 0o7, which are not decimal numbers.
  if (first === 48 && text.length > 2) {
    const second = text.charCodeAt(1) | 0x20
    if (second === 0x78 || second === 0x62 || second === 0x6f) return Number.NaN
  }
  return Number.isFinite(number) ? number : Number.NaN
}

/** true, false, or undefined when the value is not a recognisable boolean. */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined
  if (typeof value !== 'string') return undefined
  switch (value.trim().toLowerCase()) {
    case 'true':
    case '1':
      return true
    case 'false':
    case '0':
      return false
    default:
      return undefined
  }
}

/** The text of a scalar (numbers and booleans as JSON writes them), or undefined. */
export function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

/** A comparable fingerprint of any value, for `changed` (objects compare by their JSON). */
export function fingerprint(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  return JSON.stringify(value)
}
