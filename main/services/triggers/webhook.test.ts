import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MemorySecretStore } from '../secrets/secret-store'
import { ManualClock } from '../testing/manual-clock'
import { waitFor } from '../testing/test-server'
import { censusEvent, trigger } from '../testing/trigger-fixtures'
import type { WebhookAction } from '../../../shared/trigger-config'
import { TriggerEngine } from './trigger-engine'
import { WebhookSender, type WebhookOutcome, type WebhookRequest } from './webhook-sender'

interface Received {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

describe('webhook action against a local HTTP server', () => {
  let server: Server
  let base: string
  let received: Received[]
  let answer: (request: Received, response: ServerResponse) => void
  let engine: TriggerEngine

  beforeEach(async () => {
    received = []
    answer = (_request, response) => response.writeHead(204).end()
    server = createServer((request, response) => {
      let body = ''
      request.setEncoding('utf8')
      request.on('data', (chunk: string) => (body += chunk))
      request.on('end', () => {
        const entry = { method: request.method!, url: request.url!, headers: request.headers, body }
        received.push(entry)
        answer(entry, response)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    engine = new TriggerEngine({
      webhookRetryBaseMs: 10,
      secrets: new MemorySecretStore({ 'hook-token': 's3cr3t' }),
    })
  })

  afterEach(async () => {
    engine.dispose()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  function hook(action: Partial<WebhookAction>, notify = false) {
    const actions: unknown[] = [{ type: 'webhook', url: `${base}/hook`, ...action }]
    if (notify) actions.push({ type: 'notify', title: 'right away' })
    engine.setTriggers([trigger({ actions: actions as never })])
  }

  it('retries a failing server and succeeds on the third attempt', async () => {
    answer = (_request, response) => response.writeHead(received.length <= 2 ? 500 : 200).end('ok')
    hook({
      url: `${base}/hook/{{payload.character_id}}`,
      headers: { Authorization: 'Bearer {{secret.hook-token}}', 'X-Trigger': '{{trigger.id}}' },
      body: { text: '{{payload.character_id}} reached BR {{payload.battle_rank}}', n: 1 },
    })
    engine.handle(
      censusEvent({ character_id: '54', battle_rank: '100', event_name: 'BattleRankUp' }),
    )
    await engine.settle()
    expect(received).toHaveLength(3)
    for (const request of received) {
      expect(request).toMatchObject({
        method: 'POST',
        url: '/hook/54',
        body: '{"text":"54 reached BR 100","n":1}',
      })
      expect(request.headers).toMatchObject({
        authorization: 'Bearer s3cr3t',
        'x-trigger': 't',
        'content-type': 'application/json',
      })
    }
    expect(engine.view('t')).toMatchObject({ actionFailures: 0, lastActionFailure: null })
  })

  it('sends the trigger and the event when no body is given', async () => {
    hook({})
    const event = censusEvent({ character_id: '54' })
    engine.handle(event)
    await engine.settle()
    expect(JSON.parse(received[0]!.body)).toEqual({
      trigger: { id: 't', name: 'Test trigger' },
      event,
    })
  })

  it('gives up after its retries and records the failure', async () => {
    answer = (_request, response) => response.writeHead(503).end()
    hook({ retries: 1 })
    engine.handle(censusEvent({}))
    await engine.settle()
    expect(received).toHaveLength(2)
    expect(engine.view('t').lastActionFailure).toMatchObject({
      action: 'webhook',
      index: 0,
      message: expect.stringMatching(
        /POST http:\/\/127\.0\.0\.1:\d+\/hook: the server answered HTTP 503 \(after 2 attempts\)/,
      ),
    })
  })

  it('does not retry a client error', async () => {
    answer = (_request, response) => response.writeHead(404).end()
    hook({ retries: 3 })
    engine.handle(censusEvent({}))
    await engine.settle()
    expect(received).toHaveLength(1)
    expect(engine.view('t').actionFailures).toBe(1)
  })

  it('times out a slow server without delaying evaluation or other actions', async () => {
    answer = () => {} // never answers
    hook({ timeoutMs: 200, retries: 0 }, true)
    const shown: string[] = []
    engine.onDidNotify((n) => shown.push(n.title))
    engine.handle(censusEvent({}))
    engine.handle(censusEvent({}))
    engine.flush()
    expect(shown).toEqual(['right away', 'right away'])
    expect(engine.view('t').counters.fired).toBe(2)
    await waitFor(() => engine.view('t').actionFailures === 2, 'two timeouts')
    expect(engine.view('t').lastActionFailure?.message).toMatch(/no answer within 200 ms/)
  })

  it('fails a request fetch cannot build at once, naming the header but not its value', async () => {
    hook({ headers: { 'X-Note': 'note: {{payload.note}}' }, retries: 3 })
    engine.handle(censusEvent({ note: 'first line\nsecond line' }))
    await engine.settle()
    expect(received).toHaveLength(0)
    expect(engine.view('t')).toMatchObject({ actionFailures: 1 })
    const { message } = engine.view('t').lastActionFailure!
    expect(message).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/hook: header "X-Note" cannot be sent: its value holds a line break or another character HTTP does not allow$/,
    )
    expect(message).not.toContain('first line')
  })

  it('gives its slot back while a retry waits, so a dead endpoint holds up no other webhook', async () => {
    answer = (request, response) => response.writeHead(request.url === '/ok' ? 204 : 503).end()
    // Only this clock moves the sender's timers (retry delays, timeouts); sockets keep real time.
    const clock = new ManualClock()
    const sender = new WebhookSender({ clock, retryBaseMs: 1_000, maxInFlight: 8 })
    const outcomes: Record<string, WebhookOutcome[]> = { '/dead': [], '/ok': [] }
    const send = (path: string) => {
      const request: WebhookRequest = {
        url: `${base}${path}`,
        method: 'POST',
        headers: {},
        body: '{}',
        timeoutMs: 3_600_000,
        retries: 2,
        label: `POST ${path}`,
      }
      sender.send(request, (outcome) => outcomes[path]!.push(outcome))
    }
    const hits = (path: string) => received.filter((r) => r.url === path).length
    try {
      for (let i = 0; i < 8; i++) send('/dead')
      await waitFor(() => hits('/dead') === 8, 'eight first attempts')
      send('/ok')
      // No time passes: the eight are waiting out their first retry delay, holding no slot.
      await waitFor(() => outcomes['/ok']!.length === 1, 'the healthy webhook', 1_000)
      expect(outcomes['/ok']).toEqual([{ ok: true, status: 204, attempts: 1 }])
      expect(outcomes['/dead']).toEqual([])
      // The retries still happen when due, and each request still ends in one outcome.
      await waitFor(() => {
        clock.advance(1_000)
        return outcomes['/dead']!.length === 8
      }, 'the retries to give up')
      expect(hits('/dead')).toBe(24)
      for (const outcome of outcomes['/dead']!)
        expect(outcome).toEqual({
          ok: false,
          message: 'POST /dead: the server answered HTTP 503',
          attempts: 3,
        })
      await sender.settle()
    } finally {
      sender.dispose()
    }
  })

  it('records a missing secret instead of sending', async () => {
    hook({ headers: { Authorization: 'Bearer {{secret.unknown}}' } })
    engine.handle(censusEvent({}))
    await waitFor(() => engine.view('t').actionFailures === 1, 'failure')
    expect(engine.view('t').lastActionFailure?.message).toBe('secret "unknown" is not set')
    expect(received).toHaveLength(0)
  })
})
