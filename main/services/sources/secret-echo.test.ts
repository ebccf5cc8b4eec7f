/**
 * Servers echo what they were sent, a login they did not understand included: whatever a source
 * reports about a frame (its last error, and so the REST API, the UI, alerts and logs) must not
 * carry the secret that login held.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SourceConfig } from '../../../shared/source-config'
import { startSourceHarness, type SourceHarness } from '../testing/source-harness'
import { waitFor } from '../testing/test-server'

describe('secrets echoed by the server', () => {
  let h: SourceHarness

  beforeEach(async () => {
    h = await startSourceHarness()
  })

  afterEach(async () => {
    await h.dispose()
  })

  async function lastErrorWith(source: Partial<SourceConfig>): Promise<string> {
    h.monitor.upsertSource(h.source(source))
    await h.waitState('open')
    await waitFor(() => h.view().lastError !== null, 'an error')
    return h.view().lastError!.message
  }

  it('are scrubbed from the preview of a frame that is not JSON', async () => {
    await h.secrets.set('tok', 'SuperSecret123')
    h.server.onText((socket, text) => {
      if (text.startsWith('AUTH')) socket.send(`unknown command: ${text}`)
    })
    const message = await lastErrorWith({
      auth: { type: 'message', template: 'AUTH {{secret}}', secret: 'tok' },
    })
    expect(message).toBe('a frame was not valid JSON: "unknown command: AUTH ***"')
  })

  it('are scrubbed from an in-band error the preset reports, JSON-escaped or not', async () => {
    const secret = 'Super"Secret\\123'
    await h.secrets.set('tok', secret)
    h.server.onText((socket, text) => {
      socket.send(JSON.stringify({ error: 'bad request', echo: JSON.parse(text) as unknown }))
    })
    const message = await lastErrorWith({
      options: { errorWhen: { path: 'error' } },
      auth: {
        type: 'message',
        template: { op: 'login', token: '{{secret}}' },
        secret: 'tok',
      },
    })
    expect(message).toBe(
      'the server reported: {"error":"bad request","echo":{"op":"login","token":"***"}}',
    )
    expect(h.view().lastError?.kind).toBe('server-error')
  })
})
