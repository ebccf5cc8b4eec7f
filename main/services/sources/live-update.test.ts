/**
 * Fault suite, part 4: settings changed on a live source, and the on-open script across
 * reconnects. Events already received stay in the buffers whatever happens to the connection.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFaultServer, type FaultServer } from '../testing/fault-server'
import { startSourceHarness, type SourceHarness } from '../testing/source-harness'
import { waitFor } from '../testing/test-server'

describe('live settings changes', () => {
  let h: SourceHarness
  let other: FaultServer

  beforeEach(async () => {
    h = await startSourceHarness()
    other = await startFaultServer()
  })

  afterEach(async () => {
    await other.close()
    await h.dispose()
  })

  async function openWithEvents(count: number): Promise<void> {
    h.monitor.upsertSource(h.source({ handshakeTimeoutMs: 2_000 }))
    await h.waitState('open')
    for (let i = 0; i < count; i++) h.server.sendEvent()
    await waitFor(() => h.seqs().length === count, 'events from the first endpoint')
  }

  it('a URL that never answers the handshake rolls back to the old endpoint and says why', async () => {
    await openWithEvents(3)
    other.setUpgrade({ kind: 'hang' })
    const before = h.monitor.recentEvents({ source: 'src' })

    h.monitor.upsertSource(h.source({ handshakeTimeoutMs: 2_000, url: other.url }))
    expect(h.state()).toBe('connecting')
    await waitFor(() => other.attempts.length === 1, 'the new endpoint to be tried')
    h.clock.advance(1_999)
    expect(h.state()).toBe('connecting')
    h.clock.advance(1)

    await h.waitState('open')
    const view = h.view()
    expect(view.url).toBe(h.server.url)
    expect(view.lastError).toMatchObject({
      kind: 'update',
      message: `the new settings did not open (no answer to the websocket handshake within 2 s), so Vigil went back to ${h.server.url}`,
    })
    expect(h.rollbacks).toHaveLength(1)
    expect(h.rollbacks[0]!.rejected.url).toBe(other.url)
    expect(h.rollbacks[0]!.restored.url).toBe(h.server.url)
    expect(h.server.connections).toBe(2)
    // What was received before the change is still there, and streaming resumes.
    expect(h.monitor.recentEvents({ source: 'src' })).toEqual(before)
    h.server.sendEvent()
    await waitFor(() => h.seqs().length === 4, 'an event after the rollback')
    expect(h.seqs()).toEqual(h.server.sent)
  })

  it('a URL that refuses rolls back at once, without waiting for the timeout', async () => {
    await openWithEvents(1)
    other.setUpgrade({ kind: 'refuse', status: 404 })
    h.monitor.upsertSource(h.source({ handshakeTimeoutMs: 2_000, url: other.url }))
    await waitFor(() => h.rollbacks.length === 1, 'the rollback')
    await h.waitState('open')
    expect(h.view().lastError?.message).toMatch(
      /HTTP 404 Not Found\): check the path in the URL\), so Vigil went back/,
    )
    expect(h.view().url).toBe(h.server.url)
  })

  it('a URL that opens takes over; the old events stay in the buffer', async () => {
    await openWithEvents(2)
    const before = h.monitor.recentEvents({ source: 'src' })
    h.monitor.upsertSource(h.source({ handshakeTimeoutMs: 2_000, url: other.url }))
    await h.waitState('open')
    await waitFor(() => other.live.length === 1 && h.server.live.length === 0, 'the move')
    other.sendEvent('moved')
    await waitFor(
      () => h.events.some((event) => event.type === 'moved'),
      'an event from the new URL',
    )
    expect(h.monitor.recentEvents({ source: 'src' }).slice(1)).toEqual(before)
    expect(h.rollbacks).toHaveLength(0)
    expect(h.view().url).toBe(other.url)
  })

  it('an on-open change on an open source is sent at once, without reconnecting', async () => {
    h.monitor.upsertSource(h.source({ onOpen: ['sub-a'] }))
    await h.waitState('open')
    await waitFor(() => h.server.received.length === 1, 'the first script')
    h.monitor.upsertSource(h.source({ onOpen: ['sub-a', 'sub-b'] }))
    await waitFor(() => h.server.received.length === 3, 'the new script')
    expect(h.server.received).toEqual(['sub-a', 'sub-a', 'sub-b'])
    expect(h.server.connections).toBe(1)
    expect(h.state()).toBe('open')
  })

  it('settings saved unchanged, with keys in another order, keep the connection', async () => {
    await h.secrets.set('tok', 'token-1')
    h.monitor.upsertSource(
      h.source({
        headers: { 'X-One': '1', 'X-Two': '2' },
        auth: { type: 'header', name: 'Authorization', scheme: 'bearer', secret: 'tok' },
        options: { errorWhen: { path: 'error', equals: 'yes' } },
      }),
    )
    await h.waitState('open')

    h.monitor.upsertSource(
      h.source({
        headers: { 'X-Two': '2', 'X-One': '1' },
        auth: { secret: 'tok', scheme: 'bearer', name: 'Authorization', type: 'header' },
        options: { errorWhen: { equals: 'yes', path: 'error' } },
      }),
    )
    expect(h.state()).toBe('open')
    h.server.sendEvent()
    await waitFor(() => h.seqs().length === 1, 'an event on the same connection')
    expect(h.server.connections).toBe(1)
  })

  it('on-open messages are re-sent after each of 10 reconnects, in order, before anything else', async () => {
    const perConnection: string[][] = []
    h.server.onConnection((socket) => {
      const log: string[] = []
      perConnection.push(log)
      socket.on('message', (data) => log.push(data.toString()))
    })
    h.monitor.upsertSource(h.source({ onOpen: [{ action: 'subscribe', worlds: ['1'] }, 'hello'] }))
    await h.waitState('open')
    for (let i = 0; i < 10; i++) {
      await waitFor(() => perConnection[i]?.length === 2, `the script on connection ${i + 1}`)
      h.server.destroyAll()
      await h.waitState('reconnecting')
      h.clock.advance(h.view().nextRetryAt! - h.clock.now())
      await h.waitState('open')
    }
    await waitFor(() => perConnection[10]?.length === 2, 'the script on the last connection')
    expect(perConnection).toHaveLength(11)
    for (const log of perConnection)
      expect(log).toEqual(['{"action":"subscribe","worlds":["1"]}', 'hello'])
    expect(h.server.received.filter((text) => text === 'hello')).toHaveLength(11)
    expect(h.view().counters.reconnects).toBe(10)
  })
})
