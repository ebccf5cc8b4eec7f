import { describe, expect, it } from 'vitest'
import { frameParser } from '../sources/frame-parser'
import { CENSUS_ENVELOPE, censusFingerprintBytes } from './census-envelope'

const payload = { event_name: 'Death', world_id: '17', timestamp: '1706357108' }
const canonical = JSON.stringify({ payload, service: 'event', type: 'serviceMessage' })

describe('censusFingerprintBytes', () => {
  it("hashes a frame in the service's own envelope as received, without serialising", () => {
    const raw = Buffer.from(canonical)
    expect(censusFingerprintBytes(raw, payload)).toBe(raw)
  })

  it('rebuilds any other envelope as the canonical frame of the same payload', () => {
    const others = [
      JSON.stringify({ service: 'event', type: 'serviceMessage', payload }),
      JSON.stringify({ payload, service: 'event', type: 'serviceMessage' }, null, 2),
      `${canonical}\n`,
      '{"payload":{}}',
    ]
    for (const other of others)
      expect(censusFingerprintBytes(Buffer.from(other), payload)).toBe(canonical)
  })

  it('takes a frame the parser found in the envelope as received, and no look-alike', () => {
    const parse = frameParser(CENSUS_ENVELOPE)
    const raw = Buffer.from(canonical)
    expect(censusFingerprintBytes(raw, payload, parse(canonical))).toBe(raw)
    // A plain object of the same members (what a stream's JSON can make) proves nothing.
    const spaced = JSON.stringify({ payload, service: 'event', type: 'serviceMessage' }, null, 2)
    const lookAlike = JSON.parse(canonical) as unknown
    expect(censusFingerprintBytes(Buffer.from(spaced), payload, lookAlike)).toBe(canonical)
  })
})
