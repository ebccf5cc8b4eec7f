/**
 * Fault suite, part 1: connections that end. Each scenario checks the state the source shows and
 * that every event the server sent before the cut arrived exactly once. Engine timers run on a
 * manual clock; sockets are real, on 127.0.0.1.
 */

import { once } from 'node:events'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSourceHarness, type SourceHarness } from '../testing/source-harness'
import { waitFor } from '../testing/test-server'

describe('fault suite: connections that end', () => {
  let h: SourceHarness

  beforeEach(async () => {
    h = await startSourceHarness()
  })

  afterEach(async () => {
    await h.dispose()
  })

  /** Sends `count` events and waits until the source has them all. */
  async function stream(count: number): Promise<void> {
    for (let i = 0; i < count; i++) h.server.sendEvent()
    await waitFor(() => h.seqs().length === h.server.sent.length, 'events to arrive')
  }

  const expectEachEventOnce = () => {
    expect(h.seqs()).toEqual(h.server.sent)
    expect(new Set(h.seqs()).size).toBe(h.seqs().length)
  }

  it('server closes cleanly: reconnecting with the close code, then open again', async () => {
    h.monitor.upsertSource(h.source())
    await h.waitState('open')
    await stream(3)

    h.server.closeAll(1001, 'restarting')
    await h.waitState('reconnecting')
    const view = h.view()
    expect(view.lastError).toMatchObject({
      kind: 'closed',
      message: expect.stringContaining('1001 going away: restarting'),
    })
    expect(view.attempt).toBe(1)
    // random 0.5 of the first ceiling (100 ms), raised to the floor (100 ms).
    expect(view.nextRetryAt).toBe(h.clock.now() + 100)

    h.clock.advance(100)
    await h.waitState('open')
    await stream(2)
    expectEachEventOnce()
    expect(h.server.connections).toBe(2)
    expect(h.view().counters.reconnects).toBe(1)
    expect(h.view().attempt).toBe(0)
  })

  it('abrupt destroy: the loss is reported as a network drop and nothing is replayed', async () => {
    h.monitor.upsertSource(h.source())
    await h.waitState('open')
    await stream(5)

    h.server.destroyAll()
    await h.waitState('reconnecting')
    expect(h.view().lastError).toMatchObject({ kind: 'network', message: /no close frame/ })

    h.clock.advance(100)
    await h.waitState('open')
    await stream(5)
    expectEachEventOnce()
    expect(h.seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  it('half-open peer: an unanswered ping terminates the socket (no close handshake)', async () => {
    h.monitor.upsertSource(h.source({ keepalive: { pingIntervalMs: 1_000, pongTimeoutMs: 500 } }))
    await h.waitState('open')
    await stream(2)

    // A healthy peer answers: the pong arrives before its timeout and the source stays open.
    const pong = once(h.clients[0]!, 'pong')
    h.clock.advance(1_000)
    await pong
    h.clock.advance(500)
    expect(h.state()).toBe('open')
    expect(h.server.pings).toBe(1)

    h.server.answerPings(false)
    const serverSide = h.server.live[0]!
    const serverClosed = once(serverSide, 'close')
    h.clock.advance(500)
    await waitFor(() => h.server.pings === 2, 'the second ping')
    h.clock.advance(500)
    await h.waitState('reconnecting')
    expect(h.view().lastError).toMatchObject({ kind: 'keepalive', message: /half-open/ })
    // terminate() sends no close frame, so the server sees an abnormal closure.
    const [code] = (await serverClosed) as [number]
    expect(code).toBe(1006)

    h.server.answerPings(true)
    h.clock.advance(100)
    await h.waitState('open')
    await stream(1)
    expectEachEventOnce()
  })

  it('flapping server (up 200 ms, down 200 ms, 20 times): no loss, no spin, failed, then back', async () => {
    h.server.onConnection(() => h.server.sendEvent('hello'))
    h.monitor.upsertSource(
      h.source({
        reconnect: { initialMs: 50, maxMs: 200, stableAfterMs: 1_000 },
        watchdog: { deadChannelMs: 3_000 },
      }),
    )
    await h.waitState('open')
    const start = h.clock.now()
    for (let cycle = 0; cycle < 20; cycle++) {
      h.server.setUpgrade({ kind: 'accept' })
      for (let t = 0; t < 200; t += 10) {
        h.clock.advance(10)
        await h.settle()
        await waitFor(() => h.seqs().length === h.server.sent.length, 'the greeting')
      }
      h.server.setUpgrade({ kind: 'destroy' })
      h.server.destroyAll()
      await waitFor(() => h.server.live.length === 0 && h.state() !== 'open', 'the cut')
      await h.run(200)
    }
    const elapsed = h.clock.now() - start
    expectEachEventOnce()
    // It got back in during every window the server was up...
    expect(h.server.connections).toBe(20)
    // ...without hammering it: never more than one attempt per backoff floor (50 ms).
    expect(h.server.attempts.length).toBeLessThanOrEqual(elapsed / 50 + 1)
    // Never stable for 1 s, so the outage never ended: failed after 3 s, and said so once.
    expect(h.state()).toBe('failed')
    expect(h.alerts('source-failed')).toHaveLength(1)

    h.server.setUpgrade({ kind: 'accept' })
    await h.run(400)
    await h.waitState('open')
    await h.run(1_000)
    expect(h.alerts('source-recovered')).toHaveLength(1)
    expect(h.view().downSince).toBeNull()
    expectEachEventOnce()
  })

  it('server silent while the socket stays open: stale, then a fresh connection', async () => {
    h.monitor.upsertSource(h.source({ watchdog: { silenceMs: 5_000, deadChannelMs: 0 } }))
    await h.waitState('open')
    await stream(2)

    h.clock.advance(4_000)
    await stream(1) // any frame resets the window
    h.clock.advance(4_000)
    expect(h.state()).toBe('open')

    const serverSide = h.server.live[0]!
    h.clock.advance(1_000)
    await h.waitState('stale')
    const view = h.view()
    expect(view.lastError).toMatchObject({ kind: 'silence', message: 'nothing received for 5 s' })
    expect(view.nextRetryAt).toBe(h.clock.now() + 100)
    expect(serverSide.readyState).not.toBe(serverSide.OPEN)

    h.clock.advance(100)
    await h.waitState('open')
    await stream(1)
    expectEachEventOnce()
    expect(h.server.connections).toBe(2)
  })
})
