import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson, canonicalMember, isInForm } from './canonical-json'

/** `JSON.stringify` of what `text` parses to: what history stored before it read frame text. */
const reference = (text: string) => JSON.stringify(JSON.parse(text))
const referenceMember = (text: string, key: string) => {
  const value = (JSON.parse(text) as Record<string, unknown>)[key]
  return value === undefined ? 'null' : JSON.stringify(value)
}

/** A character of a string, as JSON.stringify writes it or as another serialiser might. */
function renderChar(char: string, style: number): string {
  const code = char.charCodeAt(0)
  if (style === 1) return `\\u${code.toString(16).padStart(4, '0')}`
  if (style === 2) return `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`
  if (style === 3 && char === '/') return '\\/'
  return JSON.stringify(char).slice(1, -1)
}

const text: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 1 }),
        fc.constantFrom(
          '"',
          '\\',
          '/',
          '\n',
          '\u0001',
          '\u007f',
          '\u2028',
          '\ud800',
          '\udc00',
          'é',
        ),
      ),
      fc.integer({ min: 0, max: 6 }),
    ),
    { maxLength: 8 },
  )
  .map(
    (chars) =>
      `"${chars.map(([char, style]) => [...char].map((c) => renderChar(c, style)).join('')).join('')}"`,
  )

const number: fc.Arbitrary<string> = fc.oneof(
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .chain((n) =>
      fc.constantFrom(
        JSON.stringify(n),
        n.toExponential(),
        n.toPrecision(17),
        Number.isInteger(n) && Math.abs(n) < 1e15 ? `${n}.0` : JSON.stringify(n),
      ),
    ),
  fc.integer().map(String),
  fc.constantFrom(
    '0',
    '-0',
    '-0.0',
    '0.1',
    '0.000001',
    '0.0000001',
    '1e21',
    '123456789012345',
    '1234567890123456',
    '0.30000000000000004',
    '100',
    '1.50',
  ),
)

const KEYS = ['a', 'b', 'payload', 'data', '0', '1', '10', '01', '-1', '', '__proto__', 'é', 'a\nb']

/** JSON texts written as JSON.stringify would, and in the other ways services write them. */
const json: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    number,
    text,
    fc.constantFrom('true', 'false', 'null'),
    fc
      .tuple(fc.array(tie('value'), { maxLength: 4 }), fc.boolean())
      .map(([items, spaced]) => (spaced ? `[ ${items.join(' , ')} ]` : `[${items.join(',')}]`)),
    fc
      .tuple(
        fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('value')), { maxLength: 5 }),
        fc.boolean(),
      )
      .map(([members, spaced]) => {
        const parts = members.map(
          ([key, value]) => `${JSON.stringify(key)}:${spaced ? ' ' : ''}${value}`,
        )
        return spaced ? `{ ${parts.join(', ')} }` : `{${parts.join(',')}}`
      }),
  ),
})).value

/**
 * Whether a value holds what the check leaves to the slow way even when JSON.stringify wrote it: an
 * array-index key, or a number of more than 15 significant digits or in exponent form.
 */
function outsideFastPath(value: unknown): boolean {
  if (typeof value === 'number') {
    const written = JSON.stringify(value)
    const digits = written.replace(/^-/, '').replace('.', '').replace(/^0+/, '')
    return /e/.test(written) || digits.length > 15
  }
  if (Array.isArray(value)) return value.some(outsideFastPath)
  if (value === null || typeof value !== 'object') return false
  return Object.entries(value).some(([key, child]) => /^\d+$/.test(key) || outsideFastPath(child))
}

/** Property runs take seconds on a busy machine: no timing margin that needs an idle one. */
const PATIENCE_MS = 120_000

describe('canonicalJson', () => {
  it(
    'stores what JSON.stringify of the parsed value stores, however the text is written',
    () => {
      fc.assert(
        fc.property(json, (source) => {
          expect(canonicalJson(source)).toBe(reference(source))
        }),
        { numRuns: 5_000 },
      )
    },
    PATIENCE_MS,
  )

  it(
    'stores a value as JSON.stringify wrote it, byte for byte',
    () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          const source = JSON.stringify(value)
          expect(canonicalJson(source)).toBe(reference(source))
        }),
        { numRuns: 2_000 },
      )
    },
    PATIENCE_MS,
  )

  it(
    'reads a member of a frame as JSON.stringify of the parsed member',
    () => {
      const frame = fc
        .array(fc.tuple(fc.constantFrom(...KEYS), json), { maxLength: 5 })
        .map(
          (members) =>
            `{${members.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`,
        )
      fc.assert(
        fc.property(frame, fc.constantFrom(...KEYS), (source, key) => {
          expect(canonicalMember(source, key)).toBe(referenceMember(source, key))
        }),
        { numRuns: 5_000 },
      )
    },
    PATIENCE_MS,
  )

  it('takes the edges the slow way: repeated and index keys, -0, exponents, escapes', () => {
    const cases = [
      ['{"a":1,"a":2}', '{"a":2}'],
      ['{"b":1,"1":2}', '{"1":2,"b":1}'],
      ['-0', '0'],
      ['[1.0,1e3,0.0000001]', '[1,1000,1e-7]'],
      ['"\\u0041\\/"', '"A/"'],
      ['{ "a" : [ 1 , 2 ] }', '{"a":[1,2]}'],
      ['"\\ud800"', '"\\ud800"'],
    ]
    for (const [source, stored] of cases) {
      expect(isInForm(source!)).toBe(false)
      expect(canonicalJson(source!)).toBe(stored)
    }
    expect(canonicalMember('{"payload":{"x":1},"payload":{"x":2}}', 'payload')).toBe('{"x":2}')
  })

  it('tells each object its own keys and finds every escape after strings without one', () => {
    const inForm = [
      '{"a":{"a":1,"b":{"a":2}},"b":[{"a":3},{"a":4,"b":5}]}',
      '["plain","a\\"b","plain","c\\\\d","\\n","plain"]',
      '{"k":"x","e\\"":"\\t","z":"\ud83d\ude00"}',
    ]
    for (const source of inForm) {
      expect(isInForm(source)).toBe(true)
      expect(canonicalJson(source)).toBe(reference(source))
    }
    const outOfForm = [
      '{"a":{"a":1,"b":2,"a":3}}',
      '[{"a":1},{"b":2,"b":3}]',
      '["plain","a\\"b","plain","\\u0041"]',
      '["plain","a\\\\","\\/"]',
      '{"k":"x","z":"\ud83d"}',
    ]
    for (const source of outOfForm) {
      expect(isInForm(source)).toBe(false)
      expect(canonicalJson(source)).toBe(reference(source))
    }
    expect(canonicalMember('{"a":"\\"","payload":{"a":1,"a":2}}', 'payload')).toBe('{"a":2}')
  })

  it('finds a repeated key at any depth, however many keys the objects around it hold', () => {
    const keys = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, k) => `"${prefix}${k}":${k}`).join(',')
    const inners = ['{"b":1,"b":2}', `{${keys('k', 31)},"k30":9}`, `{${keys('k', 32)}}`]
    for (let depth = 1; depth <= 70; depth++) {
      for (const inner of inners) {
        let source = inner
        for (let d = 0; d < depth; d++) source = `{${keys('x', 31)},"a":${source}}`
        expect(canonicalJson(source)).toBe(reference(source))
        expect(canonicalMember(source, 'a')).toBe(referenceMember(source, 'a'))
      }
    }
  })

  it(
    'finds text JSON.stringify wrote in form, so it is stored without a parse',
    () => {
      fc.assert(
        fc.property(
          fc.jsonValue().filter((value) => !outsideFastPath(value)),
          (value) => {
            expect(isInForm(JSON.stringify(value))).toBe(true)
          },
        ),
        { numRuns: 2_000 },
      )
      const frame =
        '{"payload":{"character_id":"5428010618015189713","event_name":"Death","world_id":"17",' +
        '"zone_id":"2","timestamp":"1706357108"},"service":"event","type":"serviceMessage"}'
      expect(isInForm(frame)).toBe(true)
      expect(canonicalMember(frame, 'payload')).toBe(referenceMember(frame, 'payload'))
    },
    PATIENCE_MS,
  )
})
