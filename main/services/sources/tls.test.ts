/**
 * Per-source TLS trust against a real wss server on 127.0.0.1 with a self-signed certificate:
 * refused by default, trusted through `caFile` or `allowSelfSigned` for this source only, and
 * even then only for the host name it was issued for.
 */

import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import type { SourceConfig } from '../../../shared/source-config'
import { Monitor } from '../monitor'
import { MemorySecretStore } from '../secrets/secret-store'
import { ManualClock } from '../testing/manual-clock'
import { waitFor } from '../testing/test-server'
import { wsSocketFactory } from './socket-factory'

const TLS_DIR = join(import.meta.dirname, '../testing/tls')
const certFile = (name: string) => join(TLS_DIR, `${name}-cert.pem`)

interface Wss {
  url: string
  server: Server
  /** HTTP upgrade requests that reached the server (each carries the source's credentials). */
  upgrades: number
}

async function startWss(name: 'loopback' | 'other'): Promise<Wss> {
  const server = createServer({
    cert: readFileSync(certFile(name)),
    key: readFileSync(join(TLS_DIR, `${name}-key.pem`)),
  })
  const wss = new WebSocketServer({ server })
  wss.on('connection', (socket) => socket.send('{"type":"hello"}'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const result = {
    url: `wss://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    server,
    upgrades: 0,
  }
  server.on('upgrade', () => result.upgrades++)
  return result
}

describe('per-source TLS', () => {
  let server: Server | undefined
  let wss: Wss | undefined
  let monitor: Monitor | undefined

  afterEach(async () => {
    monitor?.dispose()
    server?.closeAllConnections()
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
  })

  async function connect(name: 'loopback' | 'other', extra: Partial<SourceConfig>) {
    wss = await startWss(name)
    server = wss.server
    monitor = new Monitor({
      socketFactory: wsSocketFactory,
      clock: new ManualClock(),
      secrets: new MemorySecretStore({ token: 'tls-test-token' }),
    })
    monitor.upsertSource({
      id: 'tls',
      name: 'TLS',
      preset: 'generic',
      enabled: true,
      url: wss.url,
      auth: { type: 'header', name: 'Authorization', scheme: 'bearer', secret: 'token' },
      headers: {},
      onOpen: [],
      ...extra,
    })
    const m = monitor
    await waitFor(() => ['open', 'reconnecting'].includes(m.view('tls').state), 'a verdict')
    return m.view('tls')
  }

  it('refuses a self-signed certificate by default, and backs off hard', async () => {
    const view = await connect('loopback', {})
    expect(view.state).toBe('reconnecting')
    expect(wss!.upgrades).toBe(0)
    expect(view.lastError).toMatchObject({
      kind: 'handshake',
      message:
        "the server's certificate is self-signed: trust it with tls.caFile (or tls.allowSelfSigned)",
      detail: expect.stringMatching(/self[- ]signed certificate/),
    })
    expect(view.nextRetryAt! - Date.UTC(2030, 0, 1)).toBeGreaterThanOrEqual(30_000)
  })

  it('trusts the certificate authorities in caFile for this source', async () => {
    expect((await connect('loopback', { tls: { caFile: certFile('loopback') } })).state).toBe(
      'open',
    )
  })

  it('accepts a self-signed certificate with allowSelfSigned', async () => {
    expect((await connect('loopback', { tls: { allowSelfSigned: true } })).state).toBe('open')
    expect(wss!.upgrades).toBe(1)
  })

  it('still checks the host name with allowSelfSigned', async () => {
    const view = await connect('other', { tls: { allowSelfSigned: true } })
    expect(view.state).toBe('reconnecting')
    expect(view.lastError?.message).toMatch(/self-signed certificate does not match 127\.0\.0\.1/)
    // Checked before the upgrade request: the token never reached the wrong server.
    expect(wss!.upgrades).toBe(0)
  })

  it('lets go of a TLS probe at once when the source is removed mid-dial', async () => {
    // A server that accepts the connection and never answers the TLS handshake.
    const held: Socket[] = []
    const closed: Socket[] = []
    const silent = createTcpServer((socket) => {
      held.push(socket)
      socket.resume() // reads, so that the client's end is seen
      socket.on('close', () => closed.push(socket))
    })
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    try {
      monitor = new Monitor({
        socketFactory: wsSocketFactory,
        clock: new ManualClock(),
        secrets: new MemorySecretStore({}),
      })
      monitor.upsertSource({
        id: 'probe',
        name: 'Probe',
        preset: 'generic',
        enabled: true,
        url: `wss://127.0.0.1:${(silent.address() as AddressInfo).port}/`,
        headers: {},
        onOpen: [],
        handshakeTimeoutMs: 300_000,
        tls: { allowSelfSigned: true },
      })
      await waitFor(() => held.length === 1, 'the probe connection')
      monitor.removeSource('probe')
      await waitFor(() => closed.length === 1, 'the probe let go')
    } finally {
      for (const socket of held) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    }
  })

  it('says so, hard, when the CA file cannot be used, without saying why', async () => {
    const missing = join(TLS_DIR, 'missing.pem')
    const view = await connect('loopback', { tls: { caFile: missing } })
    expect(view.lastError).toMatchObject({
      kind: 'config',
      message: expect.stringMatching(
        /^cannot use this file as a CA certificate: .*missing\.pem \(/,
      ),
    })
    expect(view.lastError?.message).not.toMatch(/ENOENT|exist|found/i)
    expect(view.nextRetryAt! - Date.UTC(2030, 0, 1)).toBeGreaterThanOrEqual(30_000)
    expect(wss!.upgrades).toBe(0)
  })
})
