/**
 * Fault suite, part 3: servers that say no, or are not there. Refusals back off hard (never a
 * tight loop); a source down past its dead-channel window fails, raises an alert, and keeps
 * trying slowly.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SourceAlertPayload } from '../../../shared/domain'
import { startSourceHarness, type SourceHarness } from '../testing/source-harness'
import { waitFor } from '../testing/test-server'

describe('fault suite: refusals and outages', () => {
  let h: SourceHarness

  beforeEach(async () => {
    h = await startSourceHarness()
  })

  afterEach(async () => {
    await h.dispose()
  })

  it('403 on upgrade: backs off to the cap at once, so ten minutes see at most 21 attempts', async () => {
    h.server.setUpgrade({ kind: 'refuse', status: 403 })
    h.monitor.upsertSource(
      h.source({ reconnect: { initialMs: 1_000, maxMs: 60_000 }, watchdog: {} }),
    )
    await h.waitState('reconnecting')
    expect(h.server.attempts).toHaveLength(1)
    const view = h.view()
    expect(view.lastError).toMatchObject({
      kind: 'handshake',
      message:
        'the server refused access (HTTP 403 Forbidden): it does not accept these credentials or this address',
      detail: 'the server refused the websocket upgrade: HTTP 403 Forbidden',
    })
    // Hard backoff: between half the cap and the cap, never the 1 s first step.
    expect(view.nextRetryAt! - h.clock.now()).toBeGreaterThanOrEqual(30_000)

    const start = h.clock.now()
    await h.run(10 * 60_000, 1_000)
    const attempts = h.server.attempts.length
    expect(attempts).toBeLessThanOrEqual(10 * 2 + 1)
    expect(attempts).toBeGreaterThanOrEqual(10)
    // Down past the default dead-channel window (2 min): failed, with the cause kept.
    expect(h.state()).toBe('failed')
    expect(h.view().lastError?.message).toMatch(/HTTP 403/)
    expect(h.view().downSince).toBe(start)
  })

  it('auth reply with an error: a hard backoff, the reason without the secret, then a login', async () => {
    await h.secrets.set('neuro', 'wrong-token-123')
    let holdReply = false
    const pending: (() => void)[] = []
    h.server.onText((socket, text) => {
      if (!text.startsWith('{"action":"AUTH"')) return
      const message = JSON.parse(text) as { data?: { token?: string } }
      // An event the server sends before answering must not be lost.
      h.server.sendEvent('early')
      const answer = () =>
        socket.send(
          JSON.stringify(
            message.data?.token === 'right-token-456'
              ? { auth: 'ok' }
              : { error: `invalid token ${message.data?.token}` },
          ),
        )
      if (holdReply) pending.push(answer)
      else answer()
    })
    h.monitor.upsertSource(
      h.source({
        auth: {
          type: 'message',
          template: { action: 'AUTH', data: { token: '{{secret}}' } },
          secret: 'neuro',
          successWhen: { path: 'auth', equals: 'ok' },
          failureWhen: { path: 'error' },
        },
        onOpen: [{ action: 'SUBSCRIBE' }],
      }),
    )
    await h.waitState('reconnecting')
    const view = h.view()
    expect(view.lastError?.kind).toBe('auth')
    expect(view.lastError?.message).toBe(
      'the server rejected the login: {"error":"invalid token ***"}',
    )
    expect(JSON.stringify(view)).not.toContain('wrong-token-123')
    expect(view.nextRetryAt! - h.clock.now()).toBeGreaterThanOrEqual(500) // half the 1 s cap
    expect(h.server.received).toEqual(['{"action":"AUTH","data":{"token":"wrong-token-123"}}'])
    await waitFor(() => h.seqs().length === 1, 'the early event')

    // Storing the right secret retries at once; sends wait until the login succeeds.
    holdReply = true
    await h.secrets.set('neuro', 'right-token-456')
    h.monitor.secretChanged('neuro')
    await h.waitState('authenticating')
    await waitFor(() => pending.length === 1, 'the second login')
    expect(h.monitor.send('src', 'queued-1')).toEqual({ status: 'queued' })
    pending[0]!()
    await h.waitState('open')
    await waitFor(() => h.server.received.length === 4, 'on-open and the queued message')
    expect(h.server.received.slice(1)).toEqual([
      '{"action":"AUTH","data":{"token":"right-token-456"}}',
      '{"action":"SUBSCRIBE"}',
      'queued-1',
    ])
    await waitFor(() => h.seqs().length === 2, 'the second early event')
    expect(h.seqs()).toEqual(h.server.sent)
    expect(h.monitor.send('src', 'now')).toEqual({ status: 'sent' })
  })

  it('a secret stored while a login waits for its reply logs in again with it at once', async () => {
    await h.secrets.set('neuro', 'old-token')
    h.server.onText((socket, text) => {
      if (text.includes('new-token')) socket.send('{"auth":"ok"}')
    })
    h.monitor.upsertSource(
      h.source({
        auth: {
          type: 'message',
          template: { action: 'AUTH', token: '{{secret}}' },
          secret: 'neuro',
          successWhen: { path: 'auth', equals: 'ok' },
        },
      }),
    )
    await h.waitState('authenticating')
    await waitFor(() => h.server.received.length === 1, 'the first login')

    await h.secrets.set('neuro', 'new-token')
    h.monitor.secretChanged('neuro')
    await h.waitState('open')
    expect(h.server.received).toEqual([
      '{"action":"AUTH","token":"old-token"}',
      '{"action":"AUTH","token":"new-token"}',
    ])
    expect(h.server.connections).toBe(2)
  })

  it('a secret stored while the handshake is in flight dials again with it at once', async () => {
    await h.secrets.set('tok', 'old-token')
    h.server.setUpgrade({ kind: 'hang' })
    h.monitor.upsertSource(
      h.source({
        auth: { type: 'header', name: 'Authorization', scheme: 'bearer', secret: 'tok' },
      }),
    )
    await waitFor(() => h.server.attempts.length === 1, 'the first attempt')
    expect(h.state()).toBe('connecting')

    h.server.setUpgrade({ kind: 'accept' })
    await h.secrets.set('tok', 'new-token')
    h.monitor.secretChanged('tok')
    await h.waitState('open')
    expect(h.server.attempts.map((request) => request.headers.authorization)).toEqual([
      'Bearer old-token',
      'Bearer new-token',
    ])
  })

  it('a missing secret is a settings problem: said plainly, and no socket is opened', async () => {
    h.monitor.upsertSource(
      h.source({
        auth: { type: 'header', name: 'Authorization', scheme: 'bearer', secret: 'nope' },
      }),
    )
    await h.waitState('reconnecting')
    expect(h.view().lastError).toMatchObject({
      kind: 'config',
      message: expect.stringContaining('the secret "nope" is not stored'),
    })
    expect(h.server.attempts).toHaveLength(0)
    expect(h.view().nextRetryAt! - h.clock.now()).toBeGreaterThanOrEqual(500)
  })

  it('dead channel: failed with an alert after deadChannelMs, slow retries go on, then recovered', async () => {
    h.monitor.upsertSource(
      h.source({
        reconnect: { initialMs: 100, maxMs: 1_000, stableAfterMs: 500 },
        watchdog: { deadChannelMs: 3_000 },
      }),
    )
    await h.waitState('open')
    h.server.sendEvent()
    h.server.sendEvent()
    await waitFor(() => h.seqs().length === 2, 'events before the outage')

    h.server.setUpgrade({ kind: 'destroy' })
    h.server.destroyAll()
    await h.waitState('reconnecting')
    const downAt = h.clock.now()
    await h.run(2_900, 50)
    expect(h.state()).not.toBe('failed')
    expect(h.alerts()).toHaveLength(0)

    await h.run(200, 50)
    expect(h.state()).toBe('failed')
    const [failed] = h.alerts('source-failed')
    expect(failed).toMatchObject({ sourceId: 'vigil', type: 'source-failed' })
    const payload = failed!.payload as SourceAlertPayload
    expect(payload).toMatchObject({
      sourceId: 'src',
      name: 'Test',
      state: 'failed',
      downSince: downAt,
    })
    expect(payload.lastError?.kind).toBe('network')
    expect(h.monitor.recentEvents({ source: 'vigil' })).toEqual([failed])

    // Retries continue, slowly: between half the cap and the cap apart.
    const before = h.server.attempts.length
    await h.run(5_000, 50)
    const retries = h.server.attempts.length - before
    expect(retries).toBeGreaterThanOrEqual(5)
    expect(retries).toBeLessThanOrEqual(10)
    expect(h.state()).toBe('failed')
    expect(h.view().nextRetryAt).not.toBeNull()
    expect(h.alerts('source-failed')).toHaveLength(1)

    h.server.setUpgrade({ kind: 'accept' })
    await h.run(1_000, 50)
    expect(h.state()).toBe('open')
    await h.run(500, 50)
    const [recovered] = h.alerts('source-recovered')
    expect(recovered?.payload).toMatchObject({ sourceId: 'src', state: 'open', downSince: downAt })
    expect(h.view().downSince).toBeNull()
    h.server.sendEvent()
    await waitFor(() => h.seqs().length === 3, 'the event after')
    expect(h.seqs()).toEqual(h.server.sent)
  })

  it('a user close is its own state: no retries, no alerts, whatever the watchdogs said', async () => {
    h.monitor.upsertSource(h.source({ watchdog: { deadChannelMs: 1_000, silenceMs: 1_000 } }))
    await h.waitState('open')
    h.monitor.disconnect('src')
    expect(h.state()).toBe('closed')
    await h.run(10_000, 500)
    expect(h.state()).toBe('closed')
    expect(h.server.attempts).toHaveLength(1)
    expect(h.alerts()).toHaveLength(0)
    expect(() => h.monitor.send('src', 'x')).toThrow(/not open \(it is closed\)/)

    // Editing a closed source leaves it closed; enabling a disabled one connects it.
    h.monitor.upsertSource(h.source({ name: 'Renamed', watchdog: { deadChannelMs: 1_000 } }))
    expect(h.state()).toBe('closed')
    h.monitor.upsertSource(h.source({ enabled: false }))
    expect(h.state()).toBe('closed')
    h.monitor.upsertSource(h.source())
    await h.waitState('open')
    expect(h.server.connections).toBe(2)

    h.monitor.disconnect('src')
    h.monitor.connect('src')
    await h.waitState('open')
    expect(h.server.connections).toBe(3)
  })
})
