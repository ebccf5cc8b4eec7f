// What a script can do over the headless host's REST API without a websocket client: store a
// secret, add a source that uses it, record and replay it, and remove it again, against a real
// websocket service on 127.0.0.1. The Electron target skips this file (playwright.config.ts).
import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { expect, test } from './fixtures'

const SECRET = 'e2e-bearer-value-0123456789'

test.describe('headless REST: what a script does', () => {
  let service: WebSocketServer

  test.beforeEach(async () => {
    // Only a client sending the secret gets in; each one gets three events.
    service = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: ({ req }: { req: IncomingMessage }) =>
        req.headers.authorization === `Bearer ${SECRET}`,
    })
    service.on('connection', (socket) => {
      for (let n = 1; n <= 3; n++) socket.send(JSON.stringify({ type: 'tick', n }))
    })
    await new Promise((resolve) => service.once('listening', resolve))
  })

  test.afterEach(async () => {
    for (const client of service.clients) client.terminate()
    await new Promise((resolve) => service.close(resolve))
  })

  test('a secret, a source using it, a recording and its replay, all over REST', async ({
    vigil,
  }) => {
    const { origin, token } = vigil.rest!
    const call = (method: string, path: string, body?: unknown, type = 'application/json') =>
      fetch(`${origin}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': type }),
        },
        ...(body === undefined
          ? {}
          : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      })
    const source = async (id: string) => {
      const sources = (await (await call('GET', '/api/sources')).json()) as {
        id: string
        state: string
        counters: { events: number }
      }[]
      return sources.find((s) => s.id === id)
    }

    expect((await call('PUT', '/api/secrets/svc-token', SECRET, 'text/plain')).status).toBe(204)
    expect(await (await call('GET', '/api/secrets')).json()).toEqual({ secrets: ['svc-token'] })

    const port = (service.address() as AddressInfo).port
    const saved = await call('PUT', '/api/sources/svc', {
      name: 'Scripted service',
      preset: 'generic',
      url: `ws://127.0.0.1:${port}/`,
      auth: { type: 'header', scheme: 'bearer', secret: 'svc-token' },
    })
    expect(saved.status).toBe(200)
    await expect.poll(async () => (await source('svc'))?.state).toBe('open')
    // The page heard of it over the contract, as if the UI had saved it.
    await expect(vigil.page.getByRole('row', { name: /Scripted service/ })).toBeVisible()

    // Record a fresh connection's three events.
    expect((await call('POST', '/api/sources/svc/disconnect')).status).toBe(200)
    expect((await call('POST', '/api/sources/svc/recording')).status).toBe(201)
    expect((await call('POST', '/api/sources/svc/connect')).status).toBe(200)
    await expect.poll(async () => (await source('svc'))?.counters.events).toBe(6)
    const stopped = await call('DELETE', '/api/sources/svc/recording')
    const recording = (await stopped.json()) as { id: string; frames: number; active: boolean }
    expect(recording).toMatchObject({ frames: 3, active: false })

    const replay = await call('POST', '/api/recordings/replay', { id: recording.id, speed: 'max' })
    expect(replay.status).toBe(201)
    const replayed = (await replay.json()) as { id: string }
    await expect.poll(async () => (await source(replayed.id))?.counters.events).toBe(3)

    expect((await call('DELETE', `/api/sources/${replayed.id}`)).status).toBe(204)
    expect((await call('DELETE', '/api/sources/svc')).status).toBe(204)
    expect(await source('svc')).toBeUndefined()
    await expect(vigil.page.getByRole('row', { name: /Scripted service/ })).toHaveCount(0)
    expect((await call('DELETE', '/api/secrets/svc-token')).status).toBe(204)
    expect(await (await call('GET', '/api/secrets')).json()).toEqual({ secrets: [] })
  })
})
