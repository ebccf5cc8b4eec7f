/**
 * Connection tests (`source:test`) against real servers on 127.0.0.1: what each frame was taken
 * for, the states passed through, errors in plain words, and the bounds (frames, time, preview).
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sourceConfigSchema, type SourceConfigInput } from '../../../shared/source-config'
import { MemorySecretStore } from '../secrets/secret-store'
import { closedPort } from '../testing/closed-port'
import { startFaultServer, type FaultServer } from '../testing/fault-server'
import { genericTestSource } from '../testing/test-source'
import { systemClock } from '../util/clock'
import { wsSocketFactory } from './socket-factory'
import { testDial, utf8Prefix, type TestDialLimits } from './test-dial'

const LIMITS: TestDialLimits = {
  maxFrames: 10,
  maxEventFrames: 10,
  timeoutMs: 5_000,
  previewBytes: 4096,
}

let server: FaultServer
let secrets: MemorySecretStore

function run(extra: Partial<SourceConfigInput> = {}, limits = LIMITS) {
  const source = sourceConfigSchema.parse({
    ...genericTestSource('src', server.url),
    keepalive: { pingIntervalMs: 0 },
    ...extra,
  })
  return testDial(
    source,
    {
      clock: systemClock,
      socketFactory: wsSocketFactory,
      resolveUrl: (url) => Promise.resolve(url),
      secrets,
    },
    limits,
  )
}

describe('connection test', () => {
  beforeEach(async () => {
    server = await startFaultServer()
    secrets = new MemorySecretStore()
  })

  afterEach(async () => {
    await server.close()
  })

  it('lists the first 10 frames, then frames with events until 10 carry events', async () => {
    server.onConnection((socket) => {
      socket.send(JSON.stringify({ op: 'hello', server: 'test' }))
      socket.send(JSON.stringify({ op: 'ping' }))
      socket.send('<html>502</html>')
      socket.send(Buffer.from([1, 2, 3]), { binary: true })
      socket.send(JSON.stringify({ error: 'bad subscription' }))
      for (let i = 0; i < 12; i++) {
        socket.send(JSON.stringify({ op: 'event', kind: i % 2 ? 'join' : 'leave', user: `u${i}` }))
        // Frames without events past the first 10 are counted, not listed.
        if (i >= 8) socket.send(JSON.stringify({ op: 'ping' }))
      }
    })
    const report = await run({
      options: {
        heartbeatWhen: { path: 'op', equals: 'ping' },
        errorWhen: { path: 'error' },
        eventWhen: { path: 'op', equals: 'event' },
      },
    })
    expect(report.opened).toBe(true)
    expect(report.steps.map((step) => step.state)).toEqual(['connecting', 'open', 'closed'])
    expect(report.steps.at(-1)!.message).toBe('stopped after 10 frames with events')
    expect(report.frames.map((frame) => `${frame.index}:${frame.kind}`)).toEqual([
      '1:control',
      '2:heartbeat',
      '3:invalid',
      '4:invalid',
      '5:error',
      ...[6, 7, 8, 9, 10, 11, 12, 13, 14, 16].map((index) => `${index}:event`),
    ])
    expect(report.framesReceived).toBe(16)
    expect(report.frames[0]).toMatchObject({
      text: '{"op":"hello","server":"test"}',
      bytes: 30,
      binary: false,
      truncated: false,
      types: [],
    })
    expect(report.frames[2]!.message).toMatch(/^a frame was not valid JSON/)
    expect(report.frames[3]).toMatchObject({ binary: true, bytes: 3, text: '' })
    expect(report.frames[3]!.message).toBe('ignored a 3-byte binary frame')
    expect(report.frames[4]!.message).toMatch(/^the server reported: /)
    // No `type` in these events: typed unknown, and `kind` proposed instead.
    expect(report.frames[5]!.types).toEqual(['unknown'])
    expect(report.unknownTypes).toBe(10)
    expect(report.eventTypePath).toBe('type')
    expect(report.typeCandidates[0]).toMatchObject({
      path: 'kind',
      values: ['join', 'leave'],
      coverage: 1,
    })
    expect(report.error).toBe(null)
  })

  it('sends the on-open messages, as a saved source would, and sees the answers', async () => {
    server.onText((socket, text) => {
      if (text === 'subscribe') socket.send(JSON.stringify({ type: 'subscribed' }))
    })
    const report = await run({ onOpen: ['subscribe'] }, { ...LIMITS, maxEventFrames: 1 })
    expect(server.received).toEqual(['subscribe'])
    expect(report.frames).toMatchObject([{ kind: 'event', types: ['subscribed'] }])
  })

  it('a closed port: nothing is listening, in plain words, the raw text as the detail', async () => {
    const port = await closedPort()
    const report = await run({ url: `ws://127.0.0.1:${port}/` })
    expect(report.opened).toBe(false)
    expect(report.frames).toEqual([])
    expect(report.error).toMatchObject({
      kind: 'network',
      message: `nothing is listening at 127.0.0.1:${port}`,
      detail: `connect ECONNREFUSED 127.0.0.1:${port}`,
    })
    expect(report.steps.map((step) => [step.state, step.message])).toEqual([
      ['connecting', undefined],
      ['closed', `nothing is listening at 127.0.0.1:${port}`],
    ])
  })

  it('a refusing server: the status in words', async () => {
    server.setUpgrade({ kind: 'refuse', status: 401, headers: { 'WWW-Authenticate': 'Bearer' } })
    const report = await run()
    expect(report.error).toMatchObject({
      kind: 'handshake',
      message:
        "the server asks for credentials (HTTP 401 Unauthorized): check the source's login settings",
      detail:
        'the server refused the websocket upgrade: HTTP 401 Unauthorized; it asks for credentials (Bearer)',
    })
  })

  it('stops after its time, open and quiet (no error), or waiting for a handshake (a timeout)', async () => {
    const quiet = await run({}, { ...LIMITS, timeoutMs: 300 })
    expect(quiet).toMatchObject({ opened: true, frames: [], error: null })
    expect(quiet.steps.at(-1)).toMatchObject({ state: 'closed', message: 'stopped after 300 ms' })
    expect(quiet.durationMs).toBeGreaterThanOrEqual(300)

    server.setUpgrade({ kind: 'hang' })
    const hung = await run({}, { ...LIMITS, timeoutMs: 300 })
    expect(hung.opened).toBe(false)
    expect(hung.error).toMatchObject({
      kind: 'timeout',
      message: 'no answer to the websocket handshake within 300 ms',
    })
  })

  it('a login: its reply is shown as such, and a missing secret is said plainly', async () => {
    const auth = {
      type: 'message' as const,
      template: { action: 'AUTH', token: '{{secret}}' },
      secret: 'api-token',
      successWhen: { path: 'auth', equals: 'ok' },
    }
    const missing = await run({ auth })
    expect(missing.error).toMatchObject({
      kind: 'config',
      message: expect.stringMatching(/^the secret "api-token" is not stored/),
    })

    server.onText((socket, text) => {
      if (text.includes('"AUTH"')) {
        // The server echoes the login: the secret must not reach the report.
        socket.send(JSON.stringify({ auth: 'ok', echo: text }))
        socket.send(JSON.stringify({ type: 'welcome', echo: text }))
      }
    })
    await secrets.set('api-token', 'stored-secret-value')
    const report = await run({ auth }, { ...LIMITS, maxEventFrames: 1 })
    expect(report.steps.map((step) => step.state)).toEqual([
      'connecting',
      'authenticating',
      'open',
      'closed',
    ])
    expect(report.frames.map((frame) => frame.kind)).toEqual(['login-reply', 'event'])
    for (const frame of report.frames) {
      expect(frame.text).not.toContain('stored-secret-value')
      expect(frame.text).toContain('***')
    }
  })

  it('a frame past maxPayloadBytes ends the test with that error; a large one is previewed', async () => {
    server.onConnection((socket) => {
      socket.send(JSON.stringify({ type: 'big', text: 'é'.repeat(3_000) }))
      socket.send(JSON.stringify({ type: 'huge', text: 'x'.repeat(20_000) }))
    })
    const report = await run({ maxPayloadBytes: 16 * 1024 })
    expect(report.frames).toHaveLength(1)
    const [big] = report.frames
    expect(big).toMatchObject({ kind: 'event', types: ['big'], truncated: true })
    expect(big!.bytes).toBe(6_024)
    expect(Buffer.byteLength(big!.text)).toBeLessThanOrEqual(4096)
    expect(big!.text.endsWith('é')).toBe(true)
    expect(report.error).toMatchObject({ kind: 'oversized-frame' })
  })

  it('cuts previews between characters', () => {
    expect(utf8Prefix(Buffer.from('aé'), 2)).toEqual({ text: 'a', truncated: true })
    expect(utf8Prefix(Buffer.from('aé'), 3)).toEqual({ text: 'aé', truncated: false })
  })
})
