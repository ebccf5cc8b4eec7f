import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventBatch } from '../../shared/domain'
import { Monitor } from './monitor'
import { wsSocketFactory } from './sources/socket-factory'
import { startTestServer, waitFor, type TestServer } from './testing/test-server'
import { genericTestSource } from './testing/test-source'

const KIB = 1024

/** A frame of exactly `bytes` bytes of JSON. */
function frame(seq: number, bytes: number): string {
  const head = JSON.stringify({ seq, fill: '' })
  return JSON.stringify({ seq, fill: 'x'.repeat(bytes - head.length) })
}

describe('Monitor memory budgets', () => {
  let server: TestServer
  let monitor: Monitor
  let sizes: number[]
  let batches: EventBatch[]

  beforeEach(async () => {
    server = await startTestServer()
    monitor = new Monitor({ socketFactory: wsSocketFactory, recentBytesPerSource: 64 * KIB })
    sizes = []
    batches = []
    monitor.onDidReceiveEvent((_event, bytes) => sizes.push(bytes))
    monitor.onDidBatch((batch) => batches.push(batch))
    monitor.upsertSource(genericTestSource('src', server.url))
    await waitFor(() => monitor.view('src').state === 'open', 'open')
  })

  afterEach(async () => {
    monitor.dispose()
    await server.close()
  })

  it('sizes each event by its frame as received and keeps recent events within the byte budget', async () => {
    for (let seq = 1; seq <= 40; seq++) server.broadcast(frame(seq, 10 * KIB))
    await waitFor(() => sizes.length === 40, '40 events')
    expect(new Set(sizes)).toEqual(new Set([10 * KIB]))

    // 64 KiB holds six 10 KiB events; the rest fell out and were counted.
    const recent = monitor.recentEvents({ source: 'src', limit: 1_000 })
    expect(recent.map((e) => (e.payload as { seq: number }).seq)).toEqual([40, 39, 38, 37, 36, 35])
    expect(monitor.view('src').counters.evicted).toBe(34)
  })

  it('applies a smaller budget at once, and a frame larger than the budget is still kept alone', async () => {
    for (let seq = 1; seq <= 5; seq++) server.broadcast(frame(seq, 10 * KIB))
    await waitFor(() => sizes.length === 5, '5 events')
    monitor.setRecentBudget(25 * KIB)
    expect(monitor.recentEvents({ source: 'src' })).toHaveLength(2)
    expect(monitor.view('src').counters.evicted).toBe(3)

    server.broadcast(frame(6, 100 * KIB))
    await waitFor(() => sizes.length === 6, 'the large event')
    expect(monitor.recentEvents({ source: 'src' }).map((e) => e.id)).toHaveLength(1)
    expect(monitor.view('src').counters.evicted).toBe(5)
  })

  it('sends the UI the newest events that fit in a batch and counts the rest', async () => {
    for (let seq = 1; seq <= 30; seq++) server.broadcast(frame(seq, 100 * KIB))
    await waitFor(() => sizes.length === 30, '30 events')
    monitor.flush()
    const sent = batches.reduce((sum, b) => sum + b.events.length, 0)
    const dropped = batches.reduce((sum, b) => sum + b.dropped, 0)
    expect(sent + dropped).toBe(30)
    // A batch carries at most 1 MiB of frames: ten of these.
    for (const batch of batches) expect(batch.events.length).toBeLessThanOrEqual(10)
    expect(batches.at(-1)!.events.at(-1)!.payload).toMatchObject({ seq: 30 })
  })
})
