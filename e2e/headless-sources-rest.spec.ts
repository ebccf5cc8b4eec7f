// Retry now, the timeline and the connection test over the headless host's REST API, against
// real websocket servers on 127.0.0.1. The Electron target skips this file (playwright.config.ts).
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { closedPort } from './closed-port'
import { expect, test } from './fixtures'

/** A websocket service on 127.0.0.1 that greets every client with `count` typed events. */
async function eventService(port: number, count: number): Promise<WebSocketServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port })
  server.on('connection', (socket) => {
    for (let i = 0; i < count; i++)
      socket.send(JSON.stringify({ kind: i % 3 ? 'login' : 'logout', user: `user-${i}`, n: i }))
  })
  await new Promise((resolve) => server.once('listening', resolve))
  return server
}

const closeService = (server: WebSocketServer) =>
  new Promise((resolve) => {
    for (const client of server.clients) client.terminate()
    server.close(resolve)
  })

interface SourceView {
  id: string
  state: string
  counters: { reconnects: number; attempts: number }
  lastError: { kind: string; message: string; detail?: string; resolvedAt?: number } | null
}

test.describe('headless REST: retry, timeline, test', () => {
  const services: WebSocketServer[] = []

  test.afterEach(async () => {
    for (const service of services.splice(0)) await closeService(service)
  })

  test('Retry now dials a down source at once; the timeline and counters tell the outage', async ({
    vigil,
  }) => {
    const { origin, token } = vigil.rest!
    const headers = { authorization: `Bearer ${token}` }
    const call = (method: string, path: string) => fetch(`${origin}${path}`, { method, headers })
    const view = async () => {
      const response = await call('GET', '/api/sources')
      expect(response.status).toBe(200)
      return ((await response.json()) as SourceView[]).find((source) => source.id === 'svc')!
    }

    const port = await closedPort()
    const saved = await vigil.invoke('config:replace', {
      version: 1,
      sources: [
        {
          id: 'svc',
          name: 'Service',
          preset: 'generic',
          url: `ws://127.0.0.1:${port}/`,
          headers: {},
          onOpen: [],
          eventTypePath: 'kind',
          // Slow automatic retries: the retries this test sees are its own.
          reconnect: { initialMs: 60_000, maxMs: 120_000 },
          watchdog: { deadChannelMs: 0 },
        },
      ],
    })
    expect(saved.ok).toBe(true)

    await expect.poll(async () => (await view()).state).toBe('reconnecting')
    const down = await view()
    expect(down.lastError).toMatchObject({
      kind: 'network',
      message: `nothing is listening at 127.0.0.1:${port}`,
      detail: expect.stringContaining('ECONNREFUSED'),
    })
    expect(down.lastError!.resolvedAt).toBeUndefined()

    // Retry now while the service is still down: the try fails, and the source waits again.
    const early = await call('POST', '/api/sources/svc/retry')
    expect(early.status).toBe(200)
    expect(((await early.json()) as SourceView).id).toBe('svc')
    await expect.poll(async () => (await view()).state).toBe('reconnecting')

    // The service comes up: Retry now opens the source without waiting for the backoff.
    services.push(await eventService(port, 3))
    expect((await call('POST', '/api/sources/svc/retry')).status).toBe(200)
    await expect.poll(async () => (await view()).state, { timeout: 5_000 }).toBe('open')
    const up = await view()
    // One outage is one reconnection (B15), however many tries it took.
    expect(up.counters.reconnects).toBe(1)
    expect(up.counters.attempts).toBeGreaterThanOrEqual(2)
    expect(up.lastError).toMatchObject({ resolvedAt: expect.any(Number) })

    const refused = await call('POST', '/api/sources/svc/retry')
    expect(refused.status).toBe(409)
    expect(await refused.json()).toEqual({
      error: { code: 'conflict', message: 'source "Service" is open: there is nothing to retry' },
    })

    const timeline = await call('GET', '/api/sources/svc/timeline')
    expect(timeline.status).toBe(200)
    const { timeline: changes } = (await timeline.json()) as {
      timeline: {
        at: number
        state: string
        reason: string
        attempt: number
        error: { kind: string; message: string } | null
      }[]
    }
    expect(changes[0]).toMatchObject({ state: 'open', reason: 'opened', error: null })
    const reasons = changes.map((change) => `${change.state}:${change.reason}`)
    expect(reasons.filter((reason) => reason === 'connecting:retry')).toHaveLength(2)
    const ended = changes.find((change) => change.reason === 'ended')!
    expect(ended.error).toEqual({
      kind: 'network',
      message: `nothing is listening at 127.0.0.1:${port}`,
    })
    // Newest first.
    for (let i = 1; i < changes.length; i++)
      expect(changes[i - 1]!.at).toBeGreaterThanOrEqual(changes[i]!.at)

    expect((await call('POST', '/api/sources/nope/retry')).status).toBe(404)
    expect((await call('GET', '/api/sources/nope/timeline')).status).toBe(404)
    expect((await fetch(`${origin}/api/sources/svc/timeline`)).status).toBe(401)
  })

  test('POST /api/sources/test dials a draft apart from everything saved', async ({ vigil }) => {
    const { origin, token } = vigil.rest!
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const test = (body: unknown) =>
      fetch(`${origin}/api/sources/test`, { method: 'POST', headers, body: JSON.stringify(body) })
    const service = await eventService(0, 12)
    services.push(service)
    const url = `ws://127.0.0.1:${(service.address() as AddressInfo).port}/`

    // The default type path (`type`) finds nothing: the autodetect proposes `kind`.
    const tested = await test({ source: { id: 'draft', name: 'Draft', preset: 'generic', url } })
    expect(tested.status).toBe(200)
    const report = (await tested.json()) as {
      opened: boolean
      steps: { state: string }[]
      frames: { index: number; kind: string; text: string; truncated: boolean }[]
      framesReceived: number
      unknownTypes: number
      typeCandidates: { path: string; values: string[] }[]
      error: unknown
    }
    expect(report.opened).toBe(true)
    expect(report.steps.map((step) => step.state)).toEqual(['connecting', 'open', 'closed'])
    expect(report.frames).toHaveLength(10)
    expect(report.frames[0]).toMatchObject({ index: 1, kind: 'event', truncated: false })
    expect(JSON.parse(report.frames[0]!.text)).toEqual({ kind: 'logout', user: 'user-0', n: 0 })
    expect(report.unknownTypes).toBe(10)
    expect(report.typeCandidates[0]).toMatchObject({ path: 'kind' })
    expect([...report.typeCandidates[0]!.values].sort()).toEqual(['login', 'logout'])
    expect(report.error).toBeNull()

    // The test touched nothing saved: no source of that id, no event in history.
    const sources = (await (await fetch(`${origin}/api/sources`, { headers })).json()) as {
      id: string
    }[]
    expect(sources.map((source) => source.id)).not.toContain('draft')
    const events = (await (
      await fetch(`${origin}/api/events?source=draft&limit=5`, { headers })
    ).json()) as { events: unknown[] }
    expect(events.events).toEqual([])

    // Nothing listening: the answer is still 200, with the error in plain words.
    const port = await closedPort()
    const nowhere = await test({
      source: { id: 'draft', name: 'Draft', preset: 'generic', url: `ws://127.0.0.1:${port}/` },
    })
    expect(nowhere.status).toBe(200)
    expect(await nowhere.json()).toMatchObject({
      opened: false,
      frames: [],
      error: { message: `nothing is listening at 127.0.0.1:${port}` },
    })

    // A draft that would not save is refused with its problems.
    const invalid = await test({ source: { id: 'draft', preset: 'generic', url: 'ftp://x' } })
    expect(invalid.status).toBe(400)
    const problems = (await invalid.json()) as { error: { issues: { path: string }[] } }
    expect(problems.error.issues.map((issue) => issue.path)).toEqual(['source.name', 'source.url'])
  })
})
