import { Buffer } from 'node:buffer'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { jsonEqual } from '../../shared/utils/json-equal'
import { copyBody, createRingMemory, RingReader, RingWriter } from './event-ring'
import { BinaryFieldsEncoder, decodeBinaryFields } from './payload-binary'

/** The payload with only `fields`, as the trigger thread should see it. */
function only(payload: Record<string, unknown>, fields: readonly string[]) {
  return Object.fromEntries(
    fields.filter((f) => Object.hasOwn(payload, f)).map((f) => [f, payload[f]]),
  )
}

/** Encodes into a fresh buffer at an offset, as into a ring record, and decodes it back. */
function roundTrip(payload: unknown, fields: readonly string[]): unknown {
  const encoder = new BinaryFieldsEncoder(fields).prepare(payload)
  const bytes = Buffer.alloc(encoder.bound + 16, 0xee)
  const length = encoder.writeTo(bytes, 8)
  expect(length).toBeLessThanOrEqual(encoder.bound)
  return decodeBinaryFields(bytes, 8, length, fields)
}

const fields = ['a', 'b', 'character_id', '__proto__', 'constructor', 'x\u0000y']
/** Strings of any UTF-16 units: non-ASCII, astral pairs, lone surrogates, U+0000. */
const anyString = fc.string({ unit: 'binary', maxLength: 40 })
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  anyString,
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 0, true, false, null, '', 'é', '\ud800', 'a\udc00b', '😀'),
  fc.array(anyString, { maxLength: 3 }),
)

describe('payload fields in a binary layout for the trigger thread', () => {
  it('carries the named members of any JSON payload intact, and no others', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...fields, 'other', 'c'), value), (payload) => {
        const decoded = roundTrip(payload, fields) as Record<string, unknown>
        const expected = only(payload, fields)
        expect(jsonEqual(decoded, expected)).toBe(true)
        // jsonEqual takes -0 for 0: the members themselves keep it.
        for (const field of Object.keys(expected))
          if (typeof expected[field] === 'number')
            expect(Object.is(decoded[field], expected[field])).toBe(true)
        expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype)
      }),
    )
  })

  it('keeps strings with non-ASCII units and lone surrogates as they were', () => {
    const payload = { a: 'plain', b: 'zoné 😀', c: 'lone \ud83d here', d: '\udc00', e: -0 }
    const names = ['a', 'b', 'c', 'd', 'e']
    const decoded = roundTrip(payload, names) as Record<string, unknown>
    expect(decoded).toStrictEqual(payload)
    expect(Object.is(decoded.e, -0)).toBe(true)
  })

  it('sends a payload that is not an object whole', () => {
    for (const payload of [null, 3, 'text', [1, { a: 2 }], true, '\ud800'])
      expect(roundTrip(payload, ['a'])).toStrictEqual(payload)
  })

  it('sends an object as one byte when no field is named', () => {
    const encoder = new BinaryFieldsEncoder([]).prepare({ a: 1 })
    const bytes = Buffer.alloc(encoder.bound)
    expect(encoder.writeTo(bytes, 0)).toBe(1)
    expect(decodeBinaryFields(bytes, 0, 1, [])).toStrictEqual({})
  })

  it('refuses bytes it did not write', () => {
    const encoder = new BinaryFieldsEncoder(['a']).prepare({ a: 'text' })
    const bytes = Buffer.alloc(encoder.bound + 4)
    const length = encoder.writeTo(bytes, 0)
    expect(() => decodeBinaryFields(bytes, 0, length + 1, ['a'])).toThrow('left over')
    expect(() => decodeBinaryFields(bytes, 0, length - 1, ['a'])).toThrow('past the record')
    expect(() => decodeBinaryFields(bytes, 0, 3, ['a'])).toThrow('entries run past the record')
    expect(() => decodeBinaryFields(bytes, 0, 1, ['a'])).toThrow('no entry for field 0')
    // A field list longer than the writer's takes the strings' first byte for a tag.
    expect(() => decodeBinaryFields(bytes, 0, length, ['a', 'b'])).toThrow('unknown tag')
    bytes[1] = 9
    expect(() => decodeBinaryFields(bytes, 0, length, ['a'])).toThrow('unknown tag')
    bytes[0] = 7
    expect(() => decodeBinaryFields(bytes, 0, length, ['a'])).toThrow('not a payload record')
    expect(() => decodeBinaryFields(bytes, 0, 0, ['a'])).toThrow('empty record')
  })

  it('goes through the ring as a body, straight or after waiting as a copy', () => {
    const names = ['a', 'b']
    const memory = createRingMemory(4096)
    const writer = new RingWriter(memory)
    const reader = new RingReader(memory)
    const encoder = new BinaryFieldsEncoder(names)
    const base = { id: 1, receivedAt: 2, bytes: 3, sourceId: 's', type: 't', place: null }
    expect(writer.tryWrite({ ...base, text: '', body: encoder.prepare({ a: 'é', b: 1 }) })).toBe(
      'written',
    )
    const kept = copyBody(encoder.prepare({ a: 'later' }))
    encoder.prepare({ a: 'overwritten' })
    expect(writer.tryWrite({ ...base, id: 2, text: '', body: kept })).toBe('written')
    expect(writer.tryWrite({ ...base, id: 3, text: '{"a":1}' })).toBe('written')
    writer.publish()
    const seen: unknown[] = []
    reader.read((r, bytes, start) =>
      seen.push(start >= 0 ? decodeBinaryFields(bytes, start, r.textBytes, names) : r.text),
    )
    expect(seen).toStrictEqual([{ a: 'é', b: 1 }, { a: 'later' }, '{"a":1}'])
  })

  it('refuses, counted, a body over half the ring', () => {
    const memory = createRingMemory(1024)
    const writer = new RingWriter(memory)
    const body = new BinaryFieldsEncoder(['a']).prepare({ a: 'x'.repeat(400) })
    const event = { id: 1, receivedAt: 2, bytes: 3, sourceId: 's', type: 't', place: null }
    expect(writer.tryWrite({ ...event, text: '', body })).toBe('tooLarge')
    expect(writer.refused.tooLarge).toBe(1)
  })
})
