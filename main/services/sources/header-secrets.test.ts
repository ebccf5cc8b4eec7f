/**
 * Secrets in a source's handshake headers (`X-Api-Key: {{secret.api-key}}`), against a real
 * websocket server on 127.0.0.1: read from the secret store at each connect, a missing one said
 * plainly (and retried as soon as it is stored), and scrubbed from whatever the server echoes.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSourceHarness, type SourceHarness } from '../testing/source-harness'
import { waitFor } from '../testing/test-server'

describe('secrets in source headers', () => {
  let h: SourceHarness

  beforeEach(async () => {
    h = await startSourceHarness()
  })

  afterEach(async () => {
    await h.dispose()
  })

  const withKeyHeader = () =>
    h.source({ headers: { 'X-Api-Key': '{{secret.api-key}}', 'X-Client': 'vigil {{v1}}' } })

  it('are filled in from the secret store when connecting; other text stays as written', async () => {
    await h.secrets.set('api-key', 'k3y-value-42')
    h.monitor.upsertSource(withKeyHeader())
    await h.waitState('open')
    expect(h.server.attempts[0]!.headers['x-api-key']).toBe('k3y-value-42')
    expect(h.server.attempts[0]!.headers['x-client']).toBe('vigil {{v1}}')
    expect(JSON.stringify(h.view())).not.toContain('k3y-value-42')
  })

  it('a missing one is a settings problem naming the secret and header, retried once stored', async () => {
    h.monitor.upsertSource(withKeyHeader())
    await h.waitState('reconnecting')
    expect(h.view().lastError).toMatchObject({
      kind: 'config',
      message: expect.stringContaining('the secret "api-key" (header "X-Api-Key") is not stored'),
    })
    expect(h.server.attempts).toHaveLength(0)

    await h.secrets.set('api-key', 'k3y-value-42')
    h.monitor.secretChanged('api-key')
    await h.waitState('open')
    expect(h.server.attempts.map((request) => request.headers['x-api-key'])).toEqual([
      'k3y-value-42',
    ])
  })

  it('are scrubbed from what the server echoes back', async () => {
    await h.secrets.set('api-key', 'k3y-value-42')
    h.server.onConnection((socket, request) =>
      socket.send(`unknown key ${String(request.headers['x-api-key'])}`),
    )
    h.monitor.upsertSource(withKeyHeader())
    await waitFor(() => h.view().lastError !== null, 'an error')
    expect(h.view().lastError!.message).toBe('a frame was not valid JSON: "unknown key ***"')
  })
})
