import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { benchTriggers } from './bench-triggers'
import { decodeFields, encodeFields, triggerPayloadFields } from './payload-fields'

/** The payload with only `fields`, as the trigger thread should see it. */
function only(payload: Record<string, unknown>, fields: readonly string[]) {
  return Object.fromEntries(
    fields.filter((f) => Object.hasOwn(payload, f)).map((f) => [f, payload[f]]),
  )
}

describe('payload fields for the trigger thread', () => {
  it('names every payload member the bench triggers read, in conditions, keys and templates', () => {
    const fields = triggerPayloadFields(benchTriggers('bench', 1000))
    for (const field of ['character_id', 'world_id', 'zone_id', 'experience_id', 'outfit_id'])
      expect(fields).toContain(field)
    expect(fields).not.toContain('event_name')
  })

  it('carries the named members of any JSON payload intact, and no others', () => {
    const value = fc.jsonValue().filter((v) => !Object.is(v, -0))
    const fields = ['a', 'b', 'character_id', '__proto__', 'constructor', 'x\u0000y']
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...fields, 'other', 'c'), value), (payload) => {
        const text = encodeFields(payload, fields)
        // Compared as JSON: an own `constructor` member defeats toStrictEqual's class check.
        expect(JSON.stringify(decodeFields(text, fields))).toBe(
          JSON.stringify(only(payload, fields)),
        )
      }),
    )
  })

  it('sends a payload that is not an object whole', () => {
    for (const payload of [null, 3, 'text', [1, { a: 2 }], true])
      expect(decodeFields(encodeFields(payload, ['a']), ['a'])).toStrictEqual(payload)
  })

  it('keeps strings holding the separator, and numbers, as they were', () => {
    const payload = { a: 'x\u0000y', b: 1.5e-7, c: '12', d: 12 }
    const fields = ['a', 'b', 'c', 'd']
    expect(decodeFields(encodeFields(payload, fields), fields)).toStrictEqual(payload)
  })

  it('sends an object as no entries at all when no field is named', () => {
    expect(encodeFields({ a: 1 }, [])).toBe('')
    expect(decodeFields('', [])).toStrictEqual({})
  })

  it('refuses text it did not write', () => {
    expect(() => decodeFields('s\u00001\u00002', ['a'])).toThrow('characters left over')
    expect(() => decodeFields('ss\u00001', ['a', 'b'])).toThrow('no value for field 1')
    expect(() => decodeFields('q\u00001', ['a'])).toThrow('not -, s, n or j')
  })
})
