/**
 * Every error the headless host answers is in the documented envelope with a code from the table
 * in docs/rest-api.md, including those raised by Fastify and by Node's HTTP parser before any
 * route runs; a 413 can be read by a client that sends its whole body first; a request that never
 * arrives in full is answered and closed; a full disk refuses a config save with `disk-full`.
 */

import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { createInvokeHandlers } from '../services/api/invoke-handlers'
import { dispatchInvoke } from '../services/api/dispatch'
import type { Engine } from '../services/engine'
import { writeFileAtomic } from '../services/settings/atomic-file'
import { startTestEngine, type TestEngine } from '../services/testing/test-engine'
import { genericTestSource } from '../services/testing/test-source'
import type { HeadlessHost } from './host'
import { startTestHost } from './testing/test-host'
import { engineInternals } from '../services/testing/engine-internals'

const TOKEN = 'test-token-0123456789abcdef'
const MiB = 1024 * 1024

/** `status -> codes` as the error table of docs/rest-api.md lists them. */
function documentedCodes(): Map<number, Set<string>> {
  const page = readFileSync(join(import.meta.dirname, '../../docs/rest-api.md'), 'utf8')
  const table = new Map<number, Set<string>>()
  for (const [, status, codes] of page.matchAll(/^\| `(\d{3})` +\| ([^|]*)\|/gm)) {
    const names = [...codes!.matchAll(/`([a-z-]+)`/g)].map((match) => match[1]!)
    table.set(Number(status), new Set(names))
  }
  return table
}

interface Answer {
  status: number
  headers: string
  body: string
  /** An error while sending (EPIPE, ECONNRESET): the server closed before the client was done. */
  sendError: string | null
}

/** Sends raw bytes on a fresh connection and reads until the server closes it. */
function exchange(port: number, ...parts: (string | Buffer)[]): Promise<Answer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let sendError: string | null = null
    const socket = connect(port, '127.0.0.1', () => {
      for (const part of parts) socket.write(part)
    })
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', (error: NodeJS.ErrnoException) => (sendError = error.code ?? error.message))
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const split = text.indexOf('\r\n\r\n')
      const headers = split < 0 ? text : text.slice(0, split)
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1] ?? 0),
        headers,
        body: split < 0 ? '' : text.slice(split + 4),
        sendError,
      })
    })
  })
}

describe('headless host errors', () => {
  let running: TestEngine
  let engine: Engine
  let host: HeadlessHost
  let diskFull = false
  let hostClosed = false

  beforeEach(async () => {
    diskFull = false
    hostClosed = false
    running = await startTestEngine({
      sourceId: 'test',
      engine: {
        writeConfig: (path, text) =>
          diskFull
            ? Promise.reject(
                Object.assign(new Error('ENOSPC: no space left on device, write'), {
                  code: 'ENOSPC',
                }),
              )
            : writeFileAtomic(path, text),
      },
    })
    engine = running.engine
    host = await startTestHost(engine, TOKEN, { requestTimeoutMs: 500 })
  })

  afterEach(async () => {
    if (!hostClosed) await host.close()
    await running.dispose()
  })

  const head = (line: string, headers: Record<string, string | number> = {}) =>
    `${line} HTTP/1.1\r\n` +
    Object.entries({
      Host: `127.0.0.1:${host.port}`,
      Authorization: `Bearer ${TOKEN}`,
      Connection: 'close',
      ...headers,
    })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('') +
    '\r\n'
  const json = (line: string, body: string) =>
    head(line, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }) +
    body

  it('answers a battery of malformed requests in the envelope, with a documented code', async () => {
    const upgrade = {
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': 13,
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      Connection: 'Upgrade, close',
    }
    const big = Buffer.alloc(6 * MiB, 0x20)
    const battery: [string, (string | Buffer)[]][] = [
      ['bad percent-encoding', [head('GET /api/%zz')]],
      ['bad percent-encoding in a parameter', [head('POST /api/sources/%zz/send')]],
      ['an unparsable path', [head('GET //[')]],
      ['an unknown route', [head('GET /api/nothing')]],
      ['an unknown method', [head('DELETE /api/health')]],
      ['an over-long parameter', [head(`POST /api/sources/${'a'.repeat(500)}/send`)]],
      ['a 20 KB URL', [head(`GET /api/${'a'.repeat(20_000)}`)]],
      ['a 20 KB header', [head('GET /api/health', { 'X-Big': 'a'.repeat(20_000) })]],
      ['no token', [head('GET /api/sources', { Authorization: 'Bearer wrong' })]],
      ['a foreign Host', [head('GET /api/health', { Host: 'evil.example' })]],
      [
        'a 6 MiB body',
        [
          head('PUT /api/config', {
            'Content-Type': 'application/json',
            'Content-Length': big.length,
          }),
          big,
        ],
      ],
      [
        'a 6 MiB chunked body',
        [
          head('PUT /api/config', {
            'Content-Type': 'application/json',
            'Transfer-Encoding': 'chunked',
          }),
          `${big.length.toString(16)}\r\n`,
          big,
          '\r\n0\r\n\r\n',
        ],
      ],
      [
        'a wrong content type',
        [
          head('PUT /api/config', { 'Content-Type': 'application/xml', 'Content-Length': 4 }),
          '<a/>',
        ],
      ],
      ['invalid JSON', [json('PUT /api/config', '{"version":')]],
      ['JSON with a prototype key', [json('PUT /api/config', '{"__proto__":{"x":1}}')]],
      ['an empty JSON body', [json('PUT /api/config', '')]],
      ['a body the route refuses', [json('POST /api/sources/test/send', '[]')]],
      ['a bad query', [head('GET /api/events?limit=lots')]],
      [
        'a wrong content length',
        [
          head('PUT /api/config', { 'Content-Type': 'application/json', 'Content-Length': 'abc' }),
          '{}',
        ],
      ],
      [
        'both a content length and chunks',
        [
          head('PUT /api/config', {
            'Content-Type': 'application/json',
            'Content-Length': 2,
            'Transfer-Encoding': 'chunked',
          }),
          '{}',
        ],
      ],
      ['a header with a bad name', [head('GET /api/health', { 'Bad Name': 'x' })]],
      ['not HTTP at all', ['HELLO\r\n\r\n']],
      ['a websocket upgrade elsewhere', [head('GET /api/nothing', upgrade)]],
      [
        'a bridge upgrade without a session',
        [head('GET /bridge', { ...upgrade, Authorization: 'Bearer wrong' })],
      ],
      [
        'a bridge upgrade from another site',
        [head('GET /bridge', { ...upgrade, Origin: 'http://evil.example' })],
      ],
      ['an unknown HTTP version', ['GET /api/health HTTP/9.9\r\n\r\n']],
    ]
    const table = documentedCodes()
    expect(table.get(413)).toEqual(new Set(['payload-too-large']))
    for (const [name, parts] of battery) {
      const answer = await exchange(host.port, ...parts)
      expect(answer.headers, name).toMatch(/content-type: application\/json/i)
      const body = JSON.parse(answer.body) as { error: { code: string; message: string } }
      expect(Object.keys(body), name).toEqual(['error'])
      expect(body.error.message, name).toEqual(expect.any(String))
      expect(body.error.message.length, name).toBeLessThan(300)
      expect(table.get(answer.status), `${name}: ${answer.status}`).toContain(body.error.code)
    }
  })

  it('answers a 413 that a client sending its whole body first can read', async () => {
    const big = Buffer.alloc(6 * MiB, 0x20)
    for (const connection of ['close', 'keep-alive']) {
      const answer = await exchange(
        host.port,
        head('PUT /api/config', {
          'Content-Type': 'application/json',
          'Content-Length': big.length,
          Connection: connection,
        }),
        big,
      )
      expect(answer.sendError, connection).toBeNull()
      expect(answer.status).toBe(413)
      expect(JSON.parse(answer.body)).toEqual({
        error: { code: 'payload-too-large', message: 'the request body is larger than 5 MiB' },
      })
    }
  })

  it('answers and closes a request whose body or headers never arrive in full', async () => {
    const body = await exchange(
      host.port,
      head('PUT /api/config', { 'Content-Type': 'application/json', 'Content-Length': 100 }),
      '{"version":',
    )
    expect(body.status).toBe(408)
    expect(JSON.parse(body.body)).toEqual({
      error: {
        code: 'request-timeout',
        message: 'the request did not arrive in full within 0.5 seconds',
      },
    })
    const headers = await exchange(host.port, `GET /api/health HTTP/1.1\r\nHost: 127.0`)
    expect(headers.status).toBe(408)
  })

  it('keeps an open bridge socket past the request timeout', async () => {
    const login = await exchange(host.port, head(`GET /?token=${TOKEN}`))
    const cookie = /set-cookie: ([^;]+)/i.exec(login.headers)![1]!
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/bridge`, { headers: { cookie } })
    await new Promise((resolve) => socket.once('open', resolve))
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    const reply = new Promise<string>((resolve) =>
      socket.once('message', (data: Buffer) => resolve(data.toString())),
    )
    socket.send(JSON.stringify({ t: 'invoke', id: 1, channel: 'app:info', args: [] }))
    expect(JSON.parse(await reply)).toMatchObject({ t: 'result', id: 1, result: { ok: true } })
    socket.close()
  })

  it('answers a request that arrives while it shuts down in the envelope', async () => {
    const socket = connect(host.port, '127.0.0.1')
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (text += chunk))
    const ended = new Promise((resolve) => socket.once('close', resolve))
    // A first request is held open by its body while the host starts closing (the host has
    // passed it through its checks once it asks for the body: "100 Continue"); the second one,
    // on the same connection, arrives after.
    socket.write(
      head('POST /api/sources/test/send', {
        'Content-Type': 'text/plain',
        'Content-Length': 5,
        Connection: 'keep-alive',
        Expect: '100-continue',
      }) + 'ab',
    )
    await vi.waitFor(() => expect(text).toMatch(/^HTTP\/1\.1 100 Continue/))
    hostClosed = true
    const closing = host.close()
    socket.write('cde' + head('GET /api/health'))
    await closing
    await ended
    const answers = text.split(/(?=HTTP\/1\.1 )/)
    expect(answers).toHaveLength(3)
    expect(answers[1]).toMatch(/^HTTP\/1\.1 200 /)
    expect(answers[2]).toMatch(/^HTTP\/1\.1 503 /)
    expect(answers[2]).toContain(
      '{"error":{"code":"unavailable","message":"Vigil is shutting down"}}',
    )
  })

  it('refuses a config save on a full disk with 507 disk-full, keeping the running config', async () => {
    const before = engine.config
    diskFull = true
    const next = { version: 1, sources: [genericTestSource('other', 'ws://127.0.0.1:1/')] }
    const refused = await exchange(host.port, json('PUT /api/config', JSON.stringify(next)))
    expect(refused.status).toBe(507)
    expect(JSON.parse(refused.body)).toEqual({
      error: {
        code: 'disk-full',
        message: 'the disk is full: the config was not saved; the previous config is still in use',
      },
    })
    expect(engine.config).toBe(before)
    expect(
      engineInternals(engine)
        .monitor.list()
        .map((source) => source.id),
    ).toEqual(['test'])

    // The contract says the same for every other save.
    const handlers = createInvokeHandlers(engine)
    const saved = await dispatchInvoke(handlers, 'source:save', [
      genericTestSource('another', 'ws://127.0.0.1:1/'),
    ])
    expect(saved).toMatchObject({ ok: false, error: { code: 'disk-full' } })

    diskFull = false
    const accepted = await exchange(host.port, json('PUT /api/config', JSON.stringify(next)))
    expect(accepted.status).toBe(200)
    expect(
      engineInternals(engine)
        .monitor.list()
        .map((source) => source.id),
    ).toEqual(['other'])
  })
})
