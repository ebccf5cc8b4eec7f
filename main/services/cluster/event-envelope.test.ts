import { headers } from '@nats-io/transport-node'
import { describe, expect, it } from 'vitest'
import { eventMessage, HEADERS, leaseMarkerMessage, readEnvelope } from './event-envelope'

const event = {
  sourceId: 'census',
  type: 'Death',
  receivedAt: 1_700_000_000_000,
  payload: { a: '1' },
}
const decoder = new TextDecoder()

describe('event envelope', () => {
  it('reads back what it wrote, with the id that makes a republish a no-op', () => {
    const message = eventMessage(event, { node: 'alpha', epoch: 7, seq: 3, inLease: true })
    expect(message.subject).toBe('vigil.events.census.Death')
    expect(message.headers.get(HEADERS.msgId)).toBe('census:7:3')
    expect(readEnvelope(message.headers, decoder.decode(message.data), false)).toEqual({
      kind: 'event',
      node: 'alpha',
      epoch: 7,
      seq: 3,
      inLease: true,
      event,
    })
    const marker = leaseMarkerMessage('census', 'alpha', 9)
    expect(marker.subject).toBe('vigil.events.census')
    expect(marker.headers.get(HEADERS.msgId)).toBe('census:9:lease')
    expect(readEnvelope(marker.headers, decoder.decode(marker.data), true)).toEqual({
      kind: 'marker',
      node: 'alpha',
      epoch: 9,
      sourceId: 'census',
    })
  })

  it('refuses messages Vigil did not write, whatever is wrong with them', () => {
    const good = eventMessage(event, { node: 'alpha', epoch: 7, seq: 3, inLease: false })
    const body = decoder.decode(good.data)
    const withHeader = (name: string, value: string) => {
      const h = headers()
      for (const [key, values] of good.headers) for (const v of values) h.append(key, v)
      h.set(name, value)
      return h
    }
    const deep = JSON.stringify({
      ...event,
      payload: JSON.parse('['.repeat(100) + ']'.repeat(100)),
    })
    const cases: [ReturnType<typeof headers> | undefined, string][] = [
      [undefined, body],
      [withHeader(HEADERS.epoch, '0'), body],
      [withHeader(HEADERS.epoch, '1e3'), body],
      [withHeader(HEADERS.seq, '-1'), body],
      [withHeader(HEADERS.seq, '99999999999999999999'), body],
      [withHeader(HEADERS.node, 'not a name'), body],
      [good.headers, '{not json'],
      [good.headers, JSON.stringify({ ...event, sourceId: 'UPPER' })],
      [good.headers, JSON.stringify({ ...event, extra: 1 })],
      [good.headers, JSON.stringify({ ...event, receivedAt: -1 })],
      [good.headers, deep],
    ]
    for (const [h, text] of cases) expect(readEnvelope(h, text, false)).toBeNull()
    expect(readEnvelope(good.headers, JSON.stringify({ sourceId: 'x', more: 1 }), true)).toBeNull()
  })
})
