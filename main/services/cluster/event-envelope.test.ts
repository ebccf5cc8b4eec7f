import { headers, type MsgHdrs } from '@nats-io/transport-node'
import { describe, expect, it } from 'vitest'
import {
  batchEntry,
  batchMessage,
  eventMessage,
  HEADERS,
  leaseMarkerMessage,
  MAX_BATCH_EVENTS,
  readEnvelope,
} from './event-envelope'

const event = {
  sourceId: 'census',
  type: 'Death',
  receivedAt: 1_700_000_000_000,
  payload: { a: '1' },
}
const decoder = new TextDecoder()

/** A copy of `base` with one header set to another value. */
function changed(base: MsgHdrs, name: string, value: string): MsgHdrs {
  const h = headers()
  for (const [key, values] of base) for (const v of values) h.append(key, v)
  h.set(name, value)
  return h
}

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
    const withHeader = (name: string, value: string) => changed(good.headers, name, value)
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

  it('carries a batch of one source and type under one header set, named by its first number and count', () => {
    const second = { ...event, receivedAt: event.receivedAt + 1, payload: ['x', { y: null }] }
    const stamp = { node: 'alpha', epoch: 7, seq: 3, inLease: true }
    const message = batchMessage('census', 'Death', [batchEntry(event), batchEntry(second)], stamp)
    expect(message.subject).toBe('vigil.events.census.Death')
    expect(message.headers.get(HEADERS.msgId)).toBe('census:7:3+2')
    expect(message.headers.get(HEADERS.count)).toBe('2')
    expect(readEnvelope(message.headers, decoder.decode(message.data), false)).toEqual({
      kind: 'batch',
      node: 'alpha',
      epoch: 7,
      seq: 3,
      inLease: true,
      sourceId: 'census',
      type: 'Death',
      events: [
        [event.receivedAt, event.payload],
        [second.receivedAt, second.payload],
      ],
    })

    const body = decoder.decode(message.data)
    const withHeader = (name: string, value: string) => changed(message.headers, name, value)
    const batchOf = (events: unknown[]) =>
      JSON.stringify({ sourceId: 'census', type: 'Death', events })
    const cases: [ReturnType<typeof headers>, string][] = [
      [withHeader(HEADERS.count, '3'), body],
      [withHeader(HEADERS.count, '0'), body],
      [withHeader(HEADERS.count, 'two'), body],
      [withHeader(HEADERS.seq, String(Number.MAX_SAFE_INTEGER)), body],
      [message.headers, batchOf([])],
      [
        message.headers,
        batchOf([
          [1, 'a'],
          [-1, 'b'],
        ]),
      ],
      [message.headers, batchOf([[1, 'a'], [2]])],
      [message.headers, batchOf([[1, 'a'], { receivedAt: 2, payload: 'b' }])],
      [message.headers, JSON.stringify({ ...JSON.parse(body), extra: 1 })],
      [
        message.headers,
        batchOf([
          [1, 'a'],
          [2, JSON.parse('['.repeat(100) + ']'.repeat(100))],
        ]),
      ],
      [
        withHeader(HEADERS.count, String(MAX_BATCH_EVENTS + 1)),
        batchOf(Array(MAX_BATCH_EVENTS + 1).fill([1, 0])),
      ],
    ]
    for (const [h, text] of cases) expect(readEnvelope(h, text, false)).toBeNull()
  })
})
