import { describe, expect, it } from 'vitest'
import { waitFor } from '../../services/testing/test-server'
import type { Logger } from '../../services/util/logger'
import { useRestHost } from '../testing/rest-host'
import { engineInternals } from '../../services/testing/engine-internals'

const TOKEN = 'secret-routes-token-0123456789'
const VALUE = 's3cr3t-value-never-to-be-seen'

describe('REST: write-only secrets', () => {
  const logged: string[] = []
  const record = (message: string) => void logged.push(message)
  const logger: Logger = { info: record, warn: record, error: record }
  // The engine's log and the host's: neither may ever hold the value.
  const rest = useRestHost(TOKEN, { engine: { engine: { logger } }, host: { logger } })
  const { call } = rest

  it('stores a secret a source then uses, and never answers its value', async () => {
    const set = await call('PUT', '/api/secrets/api-key', VALUE, 'text/plain')
    expect(set.status).toBe(204)
    expect(await set.text()).toBe('')
    expect(await (await call('GET', '/api/secrets')).json()).toEqual({ secrets: ['api-key'] })

    // A source naming it sends it in its handshake.
    const source = {
      name: 'Authed',
      preset: 'generic',
      url: rest.server.url,
      auth: { type: 'header', scheme: 'bearer', secret: 'api-key' },
    }
    expect((await call('PUT', '/api/sources/authed', source)).status).toBe(200)
    await waitFor(
      () => rest.server.requests.some((r) => r.headers.authorization === `Bearer ${VALUE}`),
      'the handshake with the secret',
    )

    // Replaced by the JSON form; the source sends the new value when it next connects.
    const replaced = await call('PUT', '/api/secrets/api-key', { value: 'two' })
    expect(replaced.status).toBe(204)
    await call('POST', '/api/sources/authed/disconnect')
    await call('POST', '/api/sources/authed/connect')
    await waitFor(
      () => rest.server.requests.some((r) => r.headers.authorization === 'Bearer two'),
      'the handshake with the new value',
    )

    // No route answers it: not the list, the sources, the config or an error.
    const answers = await Promise.all(
      ['/api/secrets', '/api/sources', '/api/config', '/api/secrets/api-key'].map(async (path) =>
        (await call('GET', path)).text(),
      ),
    )
    expect(answers[3]).toContain('"not-found"')
    for (const text of answers) expect(text).not.toMatch(/s3cr3t|"two"/)
    expect(logged.join('\n')).not.toMatch(/s3cr3t/)

    expect((await call('DELETE', '/api/secrets/api-key')).status).toBe(204)
    expect(await (await call('GET', '/api/secrets')).json()).toEqual({ secrets: [] })
    expect((await call('DELETE', '/api/secrets/api-key')).status).toBe(204)
  })

  it('refuses a bad name or value in the envelope, without quoting the value', async () => {
    const empty = await call('PUT', '/api/secrets/api-key', '', 'text/plain')
    expect(empty.status).toBe(400)
    expect(await empty.json()).toMatchObject({
      error: { code: 'invalid-argument', issues: [{ message: 'the secret is empty' }] },
    })
    const tooLong = await call(
      'PUT',
      '/api/secrets/api-key',
      `${VALUE}${'x'.repeat(70_000)}`,
      'text/plain',
    )
    expect(tooLong.status).toBe(400)
    expect(await tooLong.text()).not.toContain(VALUE)

    const notString = await call('PUT', '/api/secrets/api-key', { value: 42 })
    expect(notString.status).toBe(400)
    expect(await notString.json()).toMatchObject({ error: { issues: [{ path: 'value' }] } })
    const extra = await call('PUT', '/api/secrets/api-key', { value: VALUE, x: 1 })
    expect(extra.status).toBe(400)
    expect(await extra.text()).not.toContain(VALUE)

    const badName = await call('PUT', '/api/secrets/no%20spaces', VALUE, 'text/plain')
    expect(badName.status).toBe(400)
    expect(await badName.json()).toMatchObject({ error: { issues: [{ path: 'name' }] } })
    expect(await (await call('GET', '/api/secrets')).json()).toEqual({ secrets: [] })
    expect(await engineInternals(rest.engine).secrets.list()).toEqual([])
  })
})
