import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { CENSUS_ENVELOPE } from '../presets/census-envelope'
import { frameParser } from './frame-parser'

const parse = frameParser(CENSUS_ENVELOPE)
const { prefix, suffix } = CENSUS_ENVELOPE

/** What `JSON.parse` gives or throws, to compare outcomes (values by shape, order and -0). */
function outcome(read: (text: string) => unknown, text: string): unknown {
  try {
    const value = read(text)
    return { value, order: JSON.stringify(value) }
  } catch (error) {
    return { threw: (error as Error).name }
  }
}

function expectSameAsJsonParse(text: string): void {
  expect(outcome(parse, text)).toEqual(outcome(JSON.parse, text))
}

/** Text between the envelope's ends: JSON-ish pieces, so some of it parses and some does not. */
const inside: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.constantFrom(
        ' ',
        '\n',
        ',',
        ':',
        '{',
        '}',
        '[',
        ']',
        '"',
        '"service"',
        '"type"',
        '"payload"',
        '-0',
        '\\',
      ),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''))

describe('frameParser', () => {
  it('parses a frame in the envelope to what JSON.parse gives, the envelope around its value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, spaced) => {
        const written = JSON.stringify(value, null, spaced ? 1 : 0)
        const text = prefix + written + suffix
        expectSameAsJsonParse(text)
        // The payload as written: JSON has no -0 to write, so -0 comes back as 0.
        const payload: unknown = JSON.parse(written)
        expect(parse(text)).toEqual({ payload, service: 'event', type: 'serviceMessage' })
      }),
    )
  })

  it('parses only the value inside the envelope', () => {
    const spy = vi.spyOn(JSON, 'parse')
    try {
      parse(`${prefix}{"event_name":"Death"}${suffix}`)
      expect(spy.mock.calls.map(([text]) => text)).toEqual(['{"event_name":"Death"}'])
    } finally {
      spy.mockRestore()
    }
  })

  it('gives what JSON.parse gives, or throws as it does, for any text inside the envelope', () => {
    fc.assert(fc.property(inside, (text) => expectSameAsJsonParse(prefix + text + suffix)))
  })

  it('gives what JSON.parse gives for text that only looks like the envelope', () => {
    fc.assert(
      fc.property(inside, fc.string(), fc.string(), (text, before, after) => {
        expectSameAsJsonParse(before + prefix + text + suffix + after)
        expectSameAsJsonParse(prefix + text + suffix.slice(0, -1) + after)
      }),
    )
  })

  it('parses as a whole a frame whose inside is not one value, though it is JSON', () => {
    // The envelope's members come again inside: the last of each wins, as in JSON.parse.
    const text = `${prefix}{"a":1},"service":"other","type":"other"${suffix}`
    expect(parse(text)).toEqual({ payload: { a: 1 }, service: 'event', type: 'serviceMessage' })
    const repeated = `${prefix}{"a":1},"payload":2${suffix}`
    expect(parse(repeated)).toEqual({ payload: 2, service: 'event', type: 'serviceMessage' })
    for (const odd of [`${prefix}${suffix}`, `${prefix} ${suffix}`, `${prefix}{}}${suffix}`])
      expectSameAsJsonParse(odd)
  })

  it('throws on text that is not JSON, as JSON.parse does', () => {
    expect(() => parse(`${prefix}{"a":${suffix}`)).toThrow(SyntaxError)
    expect(() => parse('not json')).toThrow(SyntaxError)
  })

  it('gives Census frames as the service writes them exactly as JSON.parse does', () => {
    const payloads = [
      { event_name: 'Death', attacker_character_id: '5428010618035323201', world_id: '17' },
      { amount: '10', character_id: '5428738271505590329', event_name: 'GainExperience' },
      { event_name: 'PlayerLogin', character_id: '5428713425545165425', world_id: '1' },
      { event_name: 'FacilityControl', outfit_id: '0', zone_id: '4', new_faction_id: '2' },
    ]
    for (const payload of payloads) {
      const text = JSON.stringify({ payload, service: 'event', type: 'serviceMessage' })
      expectSameAsJsonParse(text)
    }
    // Echoes and heartbeats come in other envelopes.
    expectSameAsJsonParse('{"subscription":{"eventNames":["Death"]},"service":"event"}')
    expectSameAsJsonParse('{"online":{},"service":"event","type":"heartbeat"}')
  })

  it('is JSON.parse for a preset without an envelope', () => {
    const plain = frameParser(undefined)
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value)
        expect(outcome(plain, text)).toEqual(outcome(JSON.parse, text))
      }),
    )
    expect(() => plain('{')).toThrow(SyntaxError)
  })
})
