/**
 * A source's account of its connection life: the timeline of state changes with their reasons,
 * Retry now, reconnects counted per outage rather than per try (B15), and the last error marked
 * resolved once the source is open again. Engine timers on a manual clock; real sockets on
 * 127.0.0.1.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { TIMELINE_LENGTH } from '../../../shared/source-timeline'
import { VigilError } from '../../../shared/result'
import { startSourceHarness, type SourceHarness } from '../testing/source-harness'
import { waitFor } from '../testing/test-server'

describe('source timeline, retry now and reconnect counts', () => {
  let h: SourceHarness

  beforeEach(async () => {
    h = await startSourceHarness()
  })

  afterEach(async () => {
    await h.dispose()
  })

  /** The server refuses every upgrade with 503 (a normal retry, not a hard one) and drops the source. */
  async function outage(): Promise<void> {
    h.server.setUpgrade({ kind: 'refuse', status: 503 })
    h.server.destroyAll()
    await h.waitState('reconnecting')
  }

  /** Lets `count` automatic retries come due and fail. */
  async function failedRetries(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const before = h.server.attempts.length
      h.clock.advance(h.view().nextRetryAt! - h.clock.now())
      await waitFor(() => h.server.attempts.length > before, 'a retry')
      await h.waitState('reconnecting')
      await h.settle()
    }
  }

  it('B15: one outage counts one reconnect, however many tries it took; the tries count apart', async () => {
    h.monitor.upsertSource(h.source())
    await h.waitState('open')
    await outage()
    await failedRetries(11)
    expect(h.view().counters).toMatchObject({ reconnects: 0, attempts: 11 })

    h.server.setUpgrade({ kind: 'accept' })
    h.clock.advance(h.view().nextRetryAt! - h.clock.now())
    await h.waitState('open')
    // Before, this read 12: every retry scheduled was counted as a reconnect.
    expect(h.view().counters).toMatchObject({ reconnects: 1, attempts: 12 })

    // A second outage, back at the first try.
    h.server.destroyAll()
    await h.waitState('reconnecting')
    h.clock.advance(h.view().nextRetryAt! - h.clock.now())
    await h.waitState('open')
    expect(h.view().counters).toMatchObject({ reconnects: 2, attempts: 13 })
  })

  it('a user close and connect is a new start, not a reconnection', async () => {
    h.monitor.upsertSource(h.source())
    await h.waitState('open')
    h.monitor.disconnect('src')
    h.monitor.connect('src')
    await h.waitState('open')
    expect(h.view().counters).toMatchObject({ reconnects: 0, attempts: 0 })
  })

  it('records each state change with its reason, attempt, error and next try, newest first', async () => {
    const start = h.clock.now()
    h.monitor.upsertSource(h.source())
    await h.waitState('open')
    await outage()
    const dropAt = h.clock.now()
    await failedRetries(1)
    h.server.setUpgrade({ kind: 'accept' })
    h.clock.advance(h.view().nextRetryAt! - h.clock.now())
    await h.waitState('open')
    h.monitor.disconnect('src')

    const timeline = h.monitor.timeline('src')
    expect(timeline.map(({ state, reason, attempt }) => [state, reason, attempt])).toEqual([
      ['closed', 'disconnect', 0],
      ['open', 'opened', 0],
      ['connecting', 'retry-due', 2],
      ['reconnecting', 'ended', 2],
      ['connecting', 'retry-due', 1],
      ['reconnecting', 'ended', 1],
      ['open', 'opened', 0],
      ['connecting', 'start', 0],
    ])
    const firstDrop = timeline[5]!
    expect(firstDrop).toEqual({
      at: dropAt,
      state: 'reconnecting',
      reason: 'ended',
      attempt: 1,
      error: { kind: 'network', message: 'the connection was lost (no close frame)' },
      nextRetryAt: dropAt + 100,
    })
    expect(timeline[3]!.error).toEqual({
      kind: 'handshake',
      message:
        'the server failed to take the connection (HTTP 503 Service Unavailable): Vigil retries',
    })
    expect(timeline.at(-1)).toMatchObject({ at: start, error: null, nextRetryAt: null })
  })

  it(`keeps the last ${TIMELINE_LENGTH} changes`, async () => {
    h.monitor.upsertSource(h.source())
    await h.waitState('open')
    await outage()
    await failedRetries(30)
    const timeline = h.monitor.timeline('src')
    expect(timeline).toHaveLength(TIMELINE_LENGTH)
    expect(timeline[0]).toMatchObject({ state: 'reconnecting', attempt: 31 })
    const times = timeline.map((entry) => entry.at)
    expect(times).toEqual([...times].sort((a, b) => b - a))
  })

  it('Retry now dials at once, resets the backoff, and the timeline says so', async () => {
    h.monitor.upsertSource(h.source({ reconnect: { initialMs: 100, maxMs: 60_000 } }))
    await h.waitState('open')
    await outage()
    await failedRetries(6)
    const waiting = h.view()
    expect(waiting.attempt).toBe(7)
    expect(waiting.nextRetryAt! - h.clock.now()).toBeGreaterThan(1_000)

    const tries = h.server.attempts.length
    const answered = h.monitor.retry('src')
    expect(answered.state).toBe('connecting')
    await waitFor(() => h.server.attempts.length === tries + 1, 'the retry, with no time passing')
    await h.waitState('reconnecting')
    // The backoff starts again from the first step: 100 ms, not the 3.2 s it had reached.
    expect(h.view()).toMatchObject({ attempt: 1, nextRetryAt: h.clock.now() + 100 })
    expect(h.view().counters.attempts).toBe(7)
    expect(h.monitor.timeline('src')[1]).toMatchObject({
      state: 'connecting',
      reason: 'retry',
      attempt: 0,
    })

    h.server.setUpgrade({ kind: 'accept' })
    h.monitor.retry('src')
    await h.waitState('open')
    expect(h.view().counters).toMatchObject({ reconnects: 1, attempts: 8 })
  })

  it('Retry now refuses a source that is open, closed or idle, and an unknown one', async () => {
    const refusal = (id: string) => {
      try {
        h.monitor.retry(id)
      } catch (error) {
        return error instanceof VigilError ? [error.code, error.message] : error
      }
      return 'retried'
    }
    h.monitor.upsertSource(h.source())
    await h.waitState('open')
    expect(refusal('src')).toEqual(['conflict', 'source "Test" is open: there is nothing to retry'])
    h.monitor.disconnect('src')
    expect(refusal('src')).toEqual([
      'conflict',
      'source "Test" is closed: connect it instead, since it is not trying to connect',
    ])
    h.monitor.upsertSource(h.source({ id: 'off', enabled: false }))
    expect(refusal('off')).toEqual([
      'conflict',
      'source "Test" is idle: connect it instead, since it is not trying to connect',
    ])
    expect(refusal('nope')).toEqual(['not-found', 'no source with id "nope"'])
    expect(h.server.attempts).toHaveLength(1)
  })

  it('a failed source can be retried; the last error shows as resolved once it is open', async () => {
    h.monitor.upsertSource(h.source({ watchdog: { deadChannelMs: 1_000 } }))
    await h.waitState('open')
    await outage()
    await h.run(1_200, 100)
    expect(h.state()).toBe('failed')
    expect(h.monitor.timeline('src')[0]).toMatchObject({
      state: 'failed',
      reason: 'dead-channel',
      error: { kind: 'handshake' },
    })
    const error = h.view().lastError!
    expect(error.resolvedAt).toBe(undefined)

    h.server.setUpgrade({ kind: 'accept' })
    h.monitor.retry('src')
    await h.waitState('open')
    const resolved = h.view().lastError!
    expect(resolved).toEqual({ ...error, resolvedAt: h.clock.now() })
    // The outage goes on until the source is stable: the recovery alert comes then, once.
    expect(h.view().downSince).not.toBe(null)
    await h.run(600, 100)
    expect(h.alerts('source-recovered')).toHaveLength(1)
    expect(h.view().downSince).toBe(null)
  })

  it('edits, disabling and a stored secret are reasons of their own', async () => {
    h.monitor.upsertSource(h.source())
    await h.waitState('open')
    h.monitor.upsertSource(h.source({ headers: { 'x-test': '1' } }))
    await h.waitState('open')
    h.monitor.upsertSource(h.source({ enabled: false }))
    expect(h.monitor.timeline('src').map(({ state, reason }) => `${state}:${reason}`)).toEqual([
      'closed:disable',
      'open:opened',
      'connecting:edit',
      'open:opened',
      'connecting:start',
    ])

    h.monitor.upsertSource(
      h.source({ auth: { type: 'header', name: 'Authorization', scheme: 'bearer', secret: 'k' } }),
    )
    await h.waitState('reconnecting')
    await h.secrets.set('k', 'value-1234')
    h.monitor.secretChanged('k')
    await h.waitState('open')
    expect(h.monitor.timeline('src')[1]).toMatchObject({ state: 'connecting', reason: 'secret' })
  })
})
