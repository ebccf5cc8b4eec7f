/**
 * Webhooks go where the user wrote, against real HTTP(S) servers on 127.0.0.1: no redirect is
 * followed (so no header reaches another origin), link-local and metadata addresses are refused
 * however they are reached, the address checked is the one connected to, and a payload value
 * cannot reshape the URL. Host names are resolved by a fixed table here, never by public DNS.
 */

import { readFileSync } from 'node:fs'
import type { LookupAddress } from 'node:dns'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { TLSSocket } from 'node:tls'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MemorySecretStore } from '../secrets/secret-store'
import { censusEvent, trigger } from '../testing/trigger-fixtures'
import { systemClock } from '../util/clock'
import { TriggerEngine } from './trigger-engine'
import type { HostResolver } from './webhook-dispatcher'
import { WebhookSender, type WebhookOutcome, type WebhookRequest } from './webhook-sender'

interface Received {
  url: string
  headers: IncomingMessage['headers']
}

interface Local {
  server: Server
  port: number
  base: string
  received: Received[]
}

type Answer = (request: IncomingMessage, response: ServerResponse) => void

async function listen(
  server: Server,
  received: Received[],
  answer: Answer,
): Promise<{ port: number }> {
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    received.push({ url: request.url!, headers: request.headers })
    request.resume()
    request.on('end', () => answer(request, response))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as AddressInfo).port }
}

async function startLocal(answer: Answer = (_q, r) => r.writeHead(204).end()): Promise<Local> {
  const received: Received[] = []
  const server = createServer()
  const { port } = await listen(server, received, answer)
  return { server, port, base: `http://127.0.0.1:${port}`, received }
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
}

/** A resolver that answers from a table, counting the look-ups it was asked for. */
function table(answers: Record<string, LookupAddress[][]>): HostResolver & { calls: string[] } {
  const calls: string[] = []
  const resolve = (hostname: string) => {
    const seen = calls.filter((name) => name === hostname).length
    calls.push(hostname)
    const list = answers[hostname]
    if (!list) return Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }))
    return Promise.resolve(list[Math.min(seen, list.length - 1)]!)
  }
  return Object.assign(resolve, { calls })
}

const v4 = (address: string): LookupAddress => ({ address, family: 4 })

describe('webhook destinations', () => {
  let target: Local
  let other: Local
  const senders: WebhookSender[] = []
  const engines: TriggerEngine[] = []

  beforeEach(async () => {
    target = await startLocal()
    other = await startLocal()
  })

  afterEach(async () => {
    for (const sender of senders.splice(0)) sender.dispose()
    for (const engine of engines.splice(0)) engine.dispose()
    await Promise.all([stop(target.server), stop(other.server)])
  })

  function engineWith(action: Record<string, unknown>): TriggerEngine {
    const engine = new TriggerEngine({
      webhookRetryBaseMs: 10,
      secrets: new MemorySecretStore({ 'hook-token': 's3cr3t-t0ken' }),
    })
    engines.push(engine)
    engine.setTriggers([trigger({ actions: [{ type: 'webhook', ...action } as never] })])
    return engine
  }

  function send(
    url: string,
    options: { resolve?: HostResolver; ca?: string; headers?: Record<string, string> } = {},
  ): Promise<WebhookOutcome> {
    const sender = new WebhookSender({
      clock: systemClock,
      retryBaseMs: 10,
      ...(options.resolve ? { resolve: options.resolve } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
    })
    senders.push(sender)
    const request: WebhookRequest = {
      url,
      method: 'POST',
      headers: options.headers ?? {},
      body: '{}',
      timeoutMs: 5_000,
      retries: 2,
      label: `POST ${url}`,
    }
    return new Promise((resolve) => sender.send(request, resolve))
  }

  it('does not follow a redirect to another local server; the failure names its Location', async () => {
    const location = `${other.base}/elsewhere?token=abc`
    await stop(target.server)
    target = await startLocal((_q, r) => r.writeHead(302, { location }).end())
    const engine = engineWith({ url: `${target.base}/hook`, retries: 3 })
    engine.handle(censusEvent({}))
    await engine.settle()
    expect(target.received).toHaveLength(1) // a redirect is final: not retried
    expect(other.received).toHaveLength(0)
    expect(engine.view('t')).toMatchObject({ actionFailures: 1 })
    expect(engine.view('t').lastActionFailure?.message).toBe(
      `POST ${target.base}/hook: the server answered HTTP 302, a redirect to ${other.base}/elsewhere?token=***, which Vigil does not follow (webhooks go only where their URL says) (after 1 attempt)`,
    )
  })

  it("never carries the action's headers (its secrets) to a redirect's target", async () => {
    await stop(target.server)
    // 307 keeps the method and body: a client that followed it would send everything again.
    target = await startLocal((_q, r) =>
      r.writeHead(307, { location: `${other.base}/steal/s3cr3t-t0ken` }).end(),
    )
    const engine = engineWith({
      url: `${target.base}/hook`,
      headers: {
        'X-Api-Key': '{{secret.hook-token}}',
        Authorization: 'Bearer {{secret.hook-token}}',
      },
    })
    engine.handle(censusEvent({}))
    await engine.settle()
    expect(target.received[0]?.headers['x-api-key']).toBe('s3cr3t-t0ken')
    expect(other.received).toEqual([])
    const { message } = engine.view('t').lastActionFailure!
    expect(message).toContain(`a redirect to ${other.base}/steal/***`)
    expect(message).not.toContain('s3cr3t')
  })

  it('refuses link-local and metadata addresses written as IP literals, without trying', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]:8080/x',
      'http://[::ffff:169.254.169.254]/x',
    ]) {
      const outcome = await send(url)
      expect(outcome, url).toMatchObject({ ok: false, attempts: 0 })
      expect(!outcome.ok && outcome.message, url).toMatch(/is a link-local address/)
    }
  })

  it('refuses a host name that resolves to a link-local address, and does not retry', async () => {
    const resolve = table({
      'meta.test': [[v4('169.254.169.254')]],
      'mixed.test': [[v4('127.0.0.1'), { address: 'fe80::1', family: 6 }]],
    })
    const direct = await send(`http://meta.test:${target.port}/x`, { resolve })
    expect(direct).toEqual({
      ok: false,
      attempts: 1,
      message: `POST http://meta.test:${target.port}/x: meta.test resolves to 169.254.169.254, a link-local address (where cloud metadata services answer), which webhooks never reach`,
    })
    // One bad address spoils the answer: the socket could try any of them.
    const mixed = await send(`http://mixed.test:${target.port}/x`, { resolve })
    expect(!mixed.ok && mixed.message).toMatch(/mixed\.test resolves to fe80::1, a link-local/)
    expect(resolve.calls).toEqual(['meta.test', 'mixed.test'])
    expect(target.received).toHaveLength(0)
  })

  it('connects to the address it checked: one look-up, so DNS rebinding cannot switch it', async () => {
    // A rebinding name: harmless to the first question, the metadata service to any later one.
    const resolve = table({ 'rebind.test': [[v4('127.0.0.1')], [v4('169.254.169.254')]] })
    const outcome = await send(`http://rebind.test:${target.port}/hook`, { resolve })
    expect(outcome).toEqual({ ok: true, status: 204, attempts: 1 })
    expect(resolve.calls).toEqual(['rebind.test'])
    expect(target.received).toHaveLength(1)
    expect(target.received[0]!.headers.host).toBe(`rebind.test:${target.port}`)
  })

  it('still reaches loopback, by address and by name', async () => {
    expect(await send(`${target.base}/a`)).toMatchObject({ ok: true, status: 204 })
    const resolve = table({ localhost: [[v4('127.0.0.1')]] })
    expect(await send(`http://localhost:${target.port}/b`, { resolve })).toMatchObject({ ok: true })
    expect(target.received.map((r) => r.url)).toEqual(['/a', '/b'])
  })

  it('keeps TLS checking the certificate against the host name, not the pinned address', async () => {
    const tlsDir = join(import.meta.dirname, '../testing/tls')
    // This certificate names other.invalid only (a DNS name, no IP address).
    const cert = readFileSync(join(tlsDir, 'other-cert.pem'), 'utf8')
    const names: (string | false | null)[] = []
    const server = createHttpsServer({ cert, key: readFileSync(join(tlsDir, 'other-key.pem')) })
    server.on('secureConnection', (socket: TLSSocket) => names.push(socket.servername))
    const received: Received[] = []
    const { port } = await listen(server, received, (_q, r) => r.writeHead(204).end())
    try {
      const resolve = table({ 'other.invalid': [[v4('127.0.0.1')]] })
      const byName = await send(`https://other.invalid:${port}/x`, { resolve, ca: cert })
      expect(byName).toMatchObject({ ok: true, status: 204 })
      expect(names).toEqual(['other.invalid'])
      // The same server by its address: the certificate does not name it, so nothing is sent.
      const byAddress = await send(`https://127.0.0.1:${port}/x`, { ca: cert })
      expect(byAddress.ok).toBe(false)
      expect(received).toHaveLength(1)
    } finally {
      await stop(server)
    }
  })

  it('sends a payload value as one path segment or query value, never as new URL syntax', async () => {
    const engine = engineWith({ url: `${target.base}/hook/{{payload.who}}?q={{payload.q}}` })
    engine.handle(censusEvent({ who: '@evil.com/../admin\\x', q: 'a&admin=1#frag' }))
    await engine.settle()
    expect(target.received.map((r) => r.url)).toEqual([
      '/hook/%40evil.com%2F..%2Fadmin%5Cx?q=a%26admin%3D1%23frag',
    ])
  })
})
