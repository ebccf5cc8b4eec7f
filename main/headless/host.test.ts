import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { HostFrame } from '../../shared/bridge'
import type { EventBatch } from '../../shared/domain'
import type { Engine } from '../services/engine'
import { startTestEngine, type TestEngine } from '../services/testing/test-engine'
import { waitFor, type TestServer } from '../services/testing/test-server'
import type { HeadlessHost } from './host'
import { startTestHost } from './testing/test-host'
import { engineInternals } from '../services/testing/engine-internals'

const TOKEN = 'test-token-0123456789abcdef'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  json: () => unknown
}

function call(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: text,
            json: () => JSON.parse(text),
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const auth = { authorization: `Bearer ${TOKEN}` }

describe('headless host', () => {
  let running: TestEngine
  let server: TestServer
  let engine: Engine
  let host: HeadlessHost

  beforeEach(async () => {
    running = await startTestEngine({ sourceId: 'test', version: '9.9.9' })
    ;({ server, engine } = running)
    // The data dir doubles as the renderer build here.
    await writeFile(join(running.dir, 'index.html'), '<!doctype html><title>Vigil</title>')
    host = await startTestHost(engine, TOKEN, { rendererDir: running.dir })
  })

  afterEach(async () => {
    await host.close()
    await running.dispose()
  })

  it('answers health without a token, and nothing else', async () => {
    const health = await call(host.port, 'GET', '/api/health')
    expect(health.status).toBe(200)
    expect(health.json()).toEqual({
      ok: true,
      version: '9.9.9',
      history: {
        state: 'ok',
        stored: expect.any(Number),
        notStored: 0,
        notStoredByReason: {},
        backlogBytes: expect.any(Number),
        lastError: null,
      },
    })
    const refused = await call(host.port, 'GET', '/api/sources')
    expect(refused.status).toBe(401)
    expect(refused.json()).toMatchObject({ error: { code: 'forbidden' } })
    expect(
      (await call(host.port, 'GET', '/api/sources', { authorization: 'Bearer wrong' })).status,
    ).toBe(401)
  })

  it('exempts only the health route itself, whatever a path normalises to', async () => {
    for (const path of ['/api/config/%2e%2e/health', '/api/config\\..\\health', '/api//health'])
      expect((await call(host.port, 'GET', path)).status, path).toBe(401)
  })

  it('answers an unparsable path with 400, and survives one in a websocket upgrade', async () => {
    expect((await call(host.port, 'GET', '//[')).status).toBe(400)
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(host.port, '127.0.0.1', () =>
        socket.write(
          `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: Upgrade, close\r\n` +
            'Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
        ),
      )
      let text = ''
      socket.setEncoding('utf8')
      socket.on('data', (chunk: string) => (text += chunk))
      socket.on('end', () => resolve(text))
      socket.on('error', reject)
    })
    expect(answer).toMatch(/^HTTP\/1.1 400/)
    expect(answer).toContain('"code":"invalid-argument"')
    expect((await call(host.port, 'GET', '/api/health')).status).toBe(200)
  })

  it('accepts its session cookie even after another of the same name', async () => {
    const login = await call(host.port, 'GET', `/?token=${TOKEN}`)
    const cookie = String(login.headers['set-cookie']).split(';')[0]!
    const name = cookie.split('=')[0]!
    expect((await call(host.port, 'GET', '/', { cookie: `${name}=junk; ${cookie}` })).status).toBe(
      200,
    )
    expect((await call(host.port, 'GET', '/', { cookie: `${name}=junk` })).status).toBe(401)
  })

  it('rejects a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    expect((await call(host.port, 'GET', '/api/health', { host: 'evil.example' })).status).toBe(421)
    expect(
      (await call(host.port, 'GET', '/api/sources', { ...auth, origin: 'http://evil.example' }))
        .status,
    ).toBe(403)
    expect(
      (await call(host.port, 'GET', '/api/sources', { ...auth, host: `localhost:${host.port}` }))
        .status,
    ).toBe(200)
  })

  it('lists sources with state and counters once the source is open', async () => {
    server.broadcast('{"type":"x"}')
    await waitFor(
      () => engineInternals(engine).monitor.view('test').counters.events > 0,
      'an event',
    )
    const [view] = (await call(host.port, 'GET', '/api/sources', auth)).json() as Record<
      string,
      unknown
    >[]
    expect(view).toMatchObject({
      id: 'test',
      name: 'Test',
      state: 'open',
      counters: { events: 1, reconnects: 0, errors: 0 },
      lastError: null,
    })
    expect(view!.lastEventAt).toBeTypeOf('number')
    const events = (
      await call(host.port, 'GET', '/api/events?source=test&type=x&limit=5', auth)
    ).json()
    expect(events).toEqual({
      events: [expect.objectContaining({ sourceId: 'test', type: 'x', payload: { type: 'x' } })],
      next: null,
    })
  })

  it('sends on a source with POST /api/sources/:id/send, and says 409 when it is not open', async () => {
    await waitFor(() => engineInternals(engine).monitor.view('test').state === 'open', 'open')
    const post = (id: string, body: string, type = 'application/json') =>
      call(host.port, 'POST', `/api/sources/${id}/send`, { ...auth, 'content-type': type }, body)
    const sent = await post('test', JSON.stringify({ text: 'hello' }))
    expect(sent.status).toBe(200)
    expect(sent.json()).toEqual({ status: 'sent' })
    expect((await post('test', JSON.stringify({ json: { action: 'ping', n: 1 } }))).status).toBe(
      200,
    )
    expect((await post('test', 'plain words', 'text/plain')).status).toBe(200)
    await waitFor(() => server.received.length === 3, 'three messages')
    expect(server.received).toEqual(['hello', '{"action":"ping","n":1}', 'plain words'])

    expect((await post('test', JSON.stringify({ text: 'a', json: 1 }))).status).toBe(400)
    expect((await post('test', JSON.stringify({}))).status).toBe(400)
    expect((await post('nope', JSON.stringify({ text: 'a' }))).status).toBe(404)
    engineInternals(engine).monitor.disconnect('test')
    const closed = await post('test', JSON.stringify({ text: 'late' }))
    expect(closed.status).toBe(409)
    expect(closed.json()).toEqual({
      error: { code: 'not-open', message: 'source "Test" is not open (it is closed)' },
    })
  })

  it('validates PUT /api/config, listing every problem, and applies a valid one', async () => {
    const bad = await call(
      host.port,
      'PUT',
      '/api/config',
      { ...auth, 'content-type': 'application/json' },
      JSON.stringify({ version: 1, sources: [{ id: 'a' }], bogus: 1 }),
    )
    expect(bad.status).toBe(400)
    const issues = (bad.json() as { error: { issues: { path: string }[] } }).error.issues.map(
      (i) => i.path,
    )
    expect(issues).toEqual(
      expect.arrayContaining(['bogus', 'sources.0.name', 'sources.0.preset', 'sources.0.url']),
    )
    const notJson = await call(
      host.port,
      'PUT',
      '/api/config',
      { ...auth, 'content-type': 'application/json' },
      '{',
    )
    expect(notJson.status).toBe(400)
    expect(notJson.json()).toMatchObject({ error: { code: 'invalid-argument' } })

    const next = {
      version: 1,
      sources: [{ id: 'other', name: 'Other', preset: 'census', url: server.url }],
    }
    const ok = await call(
      host.port,
      'PUT',
      '/api/config',
      { ...auth, 'content-type': 'application/json' },
      JSON.stringify(next),
    )
    expect(ok.status).toBe(200)
    expect((await call(host.port, 'GET', '/api/config', auth)).json()).toMatchObject({
      sources: [{ id: 'other', enabled: true }],
    })
    expect(
      engineInternals(engine)
        .monitor.list()
        .map((s) => s.id),
    ).toEqual(['other'])
  })

  it('GET /api/config names a literal header credential as a secret, which a PUT back still sends', async () => {
    const source = {
      id: 'keyed',
      name: 'Keyed',
      preset: 'generic',
      url: server.url,
      headers: { 'X-Api-Key': 'k-0123456789' },
    }
    await engine.importConfig({ ...engine.config, sources: [...engine.config.sources, source] })
    const got = await call(host.port, 'GET', '/api/config', auth)
    expect(got.body).not.toContain('k-0123456789')
    const document = got.json() as { sources: { id: string; headers: Record<string, string> }[] }
    expect(document.sources.find((s) => s.id === 'keyed')!.headers).toEqual({
      'X-Api-Key': '{{secret.keyed-x-api-key}}',
    })
    expect(await engineInternals(engine).secrets.get('keyed-x-api-key')).toBe('k-0123456789')
    // Asked again, the same name: nothing new is stored.
    expect((await call(host.port, 'GET', '/api/config', auth)).body).toBe(got.body)
    expect(await engineInternals(engine).secrets.list()).toEqual(['keyed-x-api-key'])

    const put = await call(
      host.port,
      'PUT',
      '/api/config',
      { ...auth, 'content-type': 'application/json' },
      got.body,
    )
    expect(put.status).toBe(200)
    await waitFor(() =>
      server.requests.some((request) => request.headers['x-api-key'] === 'k-0123456789'),
    )
  })

  it('answers bad queries with 400, unknown paths with 404, and notifications with a list', async () => {
    expect((await call(host.port, 'GET', '/api/events?limit=lots', auth)).status).toBe(400)
    const missing = await call(host.port, 'GET', '/api/nothing', auth)
    expect(missing.status).toBe(404)
    expect(missing.json()).toMatchObject({ error: { code: 'not-found' } })
    expect((await call(host.port, 'GET', '/api/notifications?limit=3', auth)).json()).toEqual({
      notifications: [],
    })
  })

  it('trades the URL token for a session cookie and serves the UI with a strict CSP', async () => {
    expect((await call(host.port, 'GET', '/')).status).toBe(401)
    expect((await call(host.port, 'GET', '/?token=wrong')).status).toBe(401)
    const login = await call(host.port, 'GET', `/?token=${TOKEN}`)
    expect(login.status).toBe(303)
    expect(login.headers.location).toBe('/')
    const cookie = String(login.headers['set-cookie']).split(';')[0]!
    expect(String(login.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/)
    const page = await call(host.port, 'GET', '/', { cookie })
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>Vigil</title>')
    expect(page.headers['content-security-policy']).toMatch(
      /default-src 'self'.*frame-ancestors 'none'/,
    )
  })

  describe('bridge socket', () => {
    async function cookie(): Promise<string> {
      const login = await call(host.port, 'GET', `/?token=${TOKEN}`)
      return String(login.headers['set-cookie']).split(';')[0]!
    }

    function open(headers: Record<string, string>): WebSocket {
      return new WebSocket(`ws://127.0.0.1:${host.port}/bridge`, { headers })
    }

    function refusedStatus(socket: WebSocket): Promise<number> {
      return new Promise((resolve) =>
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode!)),
      )
    }

    it('refuses upgrades without a session, or from another origin', async () => {
      expect(await refusedStatus(open({}))).toBe(401)
      const session = await cookie()
      expect(await refusedStatus(open({ cookie: session, origin: 'http://evil.example' }))).toBe(
        403,
      )
    })

    it('carries invokes with Result envelopes and pushes batches', async () => {
      const socket = open({ cookie: await cookie(), origin: `http://127.0.0.1:${host.port}` })
      const frames: HostFrame[] = []
      socket.on('message', (data) => frames.push(JSON.parse(data.toString()) as HostFrame))
      await new Promise((resolve) => socket.once('open', resolve))
      socket.send(JSON.stringify({ t: 'invoke', id: 1, channel: 'source:list', args: [] }))
      socket.send(
        JSON.stringify({ t: 'invoke', id: 2, channel: 'source:remove', args: [{ not: 'an id' }] }),
      )
      socket.send(JSON.stringify({ t: 'invoke', id: 3, channel: 'shell:exec', args: ['rm -rf /'] }))
      await waitFor(() => frames.filter((f) => f.t === 'result').length === 3, 'three results')
      const results = Object.fromEntries(
        frames.flatMap((f) => (f.t === 'result' ? [[f.id, f.result]] : [])),
      )
      expect(results[1]).toMatchObject({ ok: true, value: [{ id: 'test' }] })
      expect(results[2]).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
      expect(results[3]).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })

      await waitFor(() => engineInternals(engine).monitor.view('test').state === 'open', 'open')
      server.broadcast('{"type":"pushed"}')
      await waitFor(
        () =>
          frames.some(
            (f) =>
              f.t === 'push' &&
              f.channel === 'event:batch' &&
              (f.payload as EventBatch).events.length > 0,
          ),
        'a batch',
      )
      socket.close()
    })

    it('closes a client that sends something other than an invoke frame', async () => {
      const socket = open({ cookie: await cookie() })
      await new Promise((resolve) => socket.once('open', resolve))
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)))
      socket.send('not json')
      expect(await closed).toBe(1008)
    })
  })
})
