import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { closedPort } from './closed-port'
import { expect, test } from './fixtures'

/** A loopback server that answers every websocket upgrade with 403, like a rejected service id. */
async function refusingServer(): Promise<Server> {
  const server = createServer()
  server.on('upgrade', (_request, socket) =>
    socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}

test.describe('source states', () => {
  let refusing: Server

  test.beforeAll(async () => {
    refusing = await refusingServer()
  })

  test.afterAll(async () => {
    await new Promise((resolve) => refusing.close(resolve))
  })

  test('the Sources list says each state in words, with the next retry time', async ({ vigil }) => {
    const refusedPort = (refusing.address() as AddressInfo).port
    const base = { preset: 'generic', headers: {}, onOpen: [] }
    const saved = await vigil.invoke('config:replace', {
      version: 1,
      sources: [
        {
          ...base,
          id: 'refused',
          name: 'Refused service',
          url: `ws://127.0.0.1:${refusedPort}/`,
          watchdog: { deadChannelMs: 1_000 },
        },
        {
          ...base,
          id: 'nowhere',
          name: 'Nothing listening',
          url: `ws://127.0.0.1:${await closedPort()}/`,
          reconnect: { initialMs: 60_000, maxMs: 120_000 },
          watchdog: { deadChannelMs: 0 },
        },
        { ...base, id: 'off', name: 'Switched off', enabled: false, url: 'ws://127.0.0.1:9/' },
      ],
    })
    expect(saved.ok).toBe(true)

    const { page } = vigil
    const refused = page.getByRole('row', { name: /Refused service/ })
    await expect(refused.getByText('Failed', { exact: true })).toBeVisible()
    await expect(refused).toContainText(/down since \d\d.\d\d.\d\d, attempt \d+, next try \d\d/)
    await expect(refused).toContainText('HTTP 403 Forbidden')

    const nowhere = page.getByRole('row', { name: /Nothing listening/ })
    await expect(nowhere.getByText('Reconnecting', { exact: true })).toBeVisible()
    // Full jitter can retry within seconds, so the attempt number is not fixed.
    await expect(nowhere).toContainText(/attempt \d+, next try \d\d.\d\d.\d\d/)
    // The plain words (the raw ECONNREFUSED text is the error's detail).
    await expect(nowhere).toContainText(/nothing is listening at 127\.0\.0\.1:\d+/i)

    const off = page.getByRole('row', { name: /Switched off/ })
    await expect(off.getByText('Idle', { exact: true })).toBeVisible()
    await expect(off.getByRole('button', { name: 'Connect Switched off' })).toBeVisible()

    if (!vigil.rest) return
    const { origin, token } = vigil.rest
    const headers = { authorization: `Bearer ${token}` }
    const views = (await (await fetch(`${origin}/api/sources`, { headers })).json()) as {
      id: string
      state: string
      attempt: number
      nextRetryAt: number | null
      downSince: number | null
      lastError: { kind: string; message: string } | null
    }[]
    const byId = Object.fromEntries(views.map((view) => [view.id, view]))
    expect(byId.refused).toMatchObject({ state: 'failed', lastError: { kind: 'handshake' } })
    expect(byId.refused!.nextRetryAt! - Date.now()).toBeGreaterThan(20_000)
    expect(byId.refused!.downSince).toBeLessThan(Date.now())
    expect(byId.nowhere).toMatchObject({ state: 'reconnecting' })
    expect(byId.nowhere!.attempt).toBeGreaterThanOrEqual(1)
    expect(byId.off).toMatchObject({ state: 'idle', attempt: 0, nextRetryAt: null })

    const send = await fetch(`${origin}/api/sources/off/send`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hello' }),
    })
    expect(send.status).toBe(409)
    expect(await send.json()).toMatchObject({ error: { code: 'not-open' } })
  })
})
