import { describe, expect, it } from 'vitest'
import { silentLogger } from '../util/logger'
import type { RemoteEvent } from './cluster-port'
import { EventBatcher, MAX_EVENTS, type BatchStamp } from './event-batcher'
import { HEADERS, leaseMarkerMessage } from './event-envelope'
import { EventFeed } from './event-feed'
import type { OutgoingMessage } from './publish-queue'

const decoder = new TextDecoder()
const stamp: BatchStamp = { node: 'alpha', epoch: 7, inLease: true }

function tick(n: number, type = 'tick', sourceId = 's1') {
  return { sourceId, type, receivedAt: 1_700_000_000_000 + n, payload: { n } }
}

/** A batcher whose turns end when the test says so, and what it sent. */
function batcher(maxPayload = 1024 * 1024) {
  const sent: OutgoingMessage[] = []
  let turnEnd: (() => void) | null = null
  const subject = new EventBatcher({
    send: (message) => sent.push(message),
    maxPayload: () => maxPayload,
    schedule: (flush) => (turnEnd = flush),
  })
  return { subject, sent, endTurn: () => turnEnd?.() }
}

/** What a viewer makes of the messages, in order (fenced and de-duplicated event by event). */
function readAll(
  messages: readonly OutgoingMessage[],
  feed = new EventFeed('gamma', silentLogger),
) {
  const received: RemoteEvent[] = []
  feed.onDidReceive((event) => received.push(event))
  for (const m of messages) feed.read(m.subject, m.headers, decoder.decode(m.data))
  return { received, feed }
}

const ids = (messages: readonly OutgoingMessage[]) =>
  messages.map((m) => m.headers.get(HEADERS.msgId))

describe('EventBatcher', () => {
  it('sends one message per source and type for a turn, its events numbered in a row', () => {
    const { subject, sent, endTurn } = batcher()
    for (let n = 1; n <= 5; n++) subject.add(tick(n, n % 2 === 0 ? 'even' : 'odd'), stamp)
    subject.add(tick(6, 'odd', 's2'), stamp)
    expect(sent).toEqual([])
    expect(subject.pendingMessages()).toBe(3)
    endTurn()
    // s1: the odd ones first (begun first), numbered 1-3, then the even ones 4-5; s2 alone.
    expect(ids(sent)).toEqual(['s1:7:1+3', 's1:7:4+2', 's2:7:1'])
    expect(sent.map((m) => m.subject)).toEqual([
      'vigil.events.s1.odd',
      'vigil.events.s1.even',
      'vigil.events.s2.odd',
    ])
    expect(sent.map((m) => m.events)).toEqual([3, 2, 1])
    const { received } = readAll(sent)
    expect(received.map((e) => [e.sourceId, e.type, (e.payload as { n: number }).n])).toEqual([
      ['s1', 'odd', 1],
      ['s1', 'odd', 3],
      ['s1', 'odd', 5],
      ['s1', 'even', 2],
      ['s1', 'even', 4],
      ['s2', 'odd', 6],
    ])
    expect(received[0]).toMatchObject({ origin: 'alpha', receivedAt: 1_700_000_000_001 })
    // The next turn goes on numbering where this one stopped.
    subject.add(tick(7, 'odd'), stamp)
    subject.add(tick(8, 'odd'), stamp)
    endTurn()
    expect(ids(sent.slice(3))).toEqual(['s1:7:6+2'])
  })

  it('closes a batch when the stamp changes, and starts numbering again with a new epoch', () => {
    const { subject, sent, endTurn } = batcher()
    subject.add(tick(1), stamp)
    subject.add(tick(2), stamp)
    subject.add(tick(3), { ...stamp, inLease: false })
    subject.add(tick(4), { ...stamp, epoch: 9 })
    subject.add(tick(5), { ...stamp, epoch: 9 })
    endTurn()
    expect(ids(sent)).toEqual(['s1:7:1+2', 's1:7:3', 's1:9:1+2'])
    expect(sent.map((m) => m.headers.get(HEADERS.inLease))).toEqual(['1', '0', '1'])
  })

  it('sends a full batch at once, and refuses an event no message could carry', () => {
    const { subject, sent } = batcher()
    for (let n = 1; n <= MAX_EVENTS + 1; n++) subject.add(tick(n), stamp)
    expect(ids(sent)).toEqual([`s1:7:1+${MAX_EVENTS}`])
    subject.flush()
    expect(ids(sent.slice(1))).toEqual([`s1:7:${MAX_EVENTS + 1}`])

    const small = batcher(64 * 1024)
    const big = { ...tick(1), payload: 'x'.repeat(64 * 1024) }
    expect(small.subject.add(big, stamp)).toBe(false)
    expect(small.subject.oversizedCount()).toBe(1)
    // Large events that fit go alone or a few to a message, each under the server's limit.
    const large = { ...tick(2), payload: 'y'.repeat(15_000) }
    for (let i = 0; i < 4; i++) expect(small.subject.add(large, stamp)).toBe(true)
    small.subject.flush()
    expect(small.sent.length).toBeGreaterThan(1)
    for (const m of small.sent) expect(m.data.byteLength).toBeLessThan(64 * 1024 - 1024)
    expect(readAll(small.sent).received).toHaveLength(4)
  })

  it('fences and de-duplicates a batch event by event: a republish adds nothing', () => {
    const { subject, sent, endTurn } = batcher()
    for (let n = 1; n <= 4; n++) subject.add(tick(n), stamp)
    endTurn()
    // A republish of the batch (a redelivery past the server's window) and one of a later batch.
    for (let n = 5; n <= 6; n++) subject.add(tick(n), stamp)
    endTurn()
    const { received, feed } = readAll([sent[0]!, sent[0]!, sent[1]!, sent[1]!])
    expect(received.map((e) => (e.payload as { n: number }).n)).toEqual([1, 2, 3, 4, 5, 6])
    expect(feed.stats()).toMatchObject({ duplicates: 6, fenced: 0 })

    // A stale holder's batch after a newer lease began: each event fenced, unless in its lease.
    const stale = batcher()
    for (let n = 1; n <= 3; n++) stale.subject.add(tick(n), { ...stamp, inLease: false })
    for (let n = 4; n <= 5; n++) stale.subject.add(tick(n, 'other'), stamp)
    stale.endTurn()
    const fresh = new EventFeed('gamma', silentLogger)
    const marker = leaseMarkerMessage('s1', 'beta', 8)
    fresh.read(marker.subject, marker.headers, decoder.decode(marker.data))
    const after = readAll(stale.sent, fresh)
    expect(after.received.map((e) => (e.payload as { n: number }).n)).toEqual([4, 5])
    expect(after.feed.stats()).toMatchObject({ fenced: 3, duplicates: 0, malformed: 0 })
  })
})
