import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SourceConfig } from '../../shared/source-config'
import type { EventBatch, SourceView, VigilEvent } from '../../shared/domain'
import { Monitor } from './monitor'
import { wsSocketFactory } from './sources/socket-factory'
import { startTestServer, waitFor, type TestServer } from './testing/test-server'

function source(url: string, extra: Partial<SourceConfig> = {}): SourceConfig {
  return {
    id: 'src',
    name: 'Test',
    preset: 'generic',
    enabled: true,
    url,
    headers: {},
    onOpen: [],
    ...extra,
  }
}

describe('Monitor with a generic JSON source', () => {
  let server: TestServer
  let monitor: Monitor
  let events: VigilEvent[]
  let changes: SourceView[]
  let batches: EventBatch[]

  beforeEach(async () => {
    server = await startTestServer()
    // A fixed random draw keeps reconnect delays at their floor.
    monitor = new Monitor({ socketFactory: wsSocketFactory, random: () => 0 })
    events = []
    changes = []
    batches = []
    monitor.onDidReceiveEvent((event) => events.push(event))
    monitor.onDidChangeSource((view) => changes.push(view))
    monitor.onDidBatch((batch) => batches.push(batch))
  })

  afterEach(async () => {
    monitor.dispose()
    await server.close()
  })

  const state = () => monitor.view('src').state

  it('connects, sends the on-open script, and turns frames into typed events', async () => {
    monitor.upsertSource(
      source(server.url, { eventTypePath: 'kind', onOpen: ['hello', { subscribe: ['a'] }] }),
    )
    await waitFor(() => state() === 'open', 'open')
    await waitFor(() => server.received.length === 2, 'on-open messages')
    expect(server.received).toEqual(['hello', '{"subscribe":["a"]}'])

    server.broadcast(JSON.stringify({ kind: 'alarm', zone: '3' }))
    server.broadcast(JSON.stringify({ other: true }))
    await waitFor(() => events.length === 2, 'two events')
    expect(events[0]).toMatchObject({
      sourceId: 'src',
      type: 'alarm',
      payload: { kind: 'alarm', zone: '3' },
    })
    expect(events[1]!.type).toBe('unknown')
    expect(events[1]!.id).toBe(events[0]!.id + 1)
    expect(changes.map((c) => c.state)).toEqual(expect.arrayContaining(['connecting', 'open']))

    await waitFor(() => batches.some((b) => b.events.length > 0), 'a batch')
    const view = monitor.view('src')
    expect(view.counters).toMatchObject({ events: 2, frames: 2, errors: 0 })
    expect(view.lastEventAt).toBeTypeOf('number')
  })

  it('counts malformed and binary frames as errors and keeps the connection', async () => {
    monitor.upsertSource(source(server.url))
    await waitFor(() => state() === 'open', 'open')
    server.broadcast('{not json')
    server.broadcast(Buffer.from([1, 2, 3]), { binary: true })
    server.broadcast('{"type":"ok"}')
    await waitFor(() => events.length === 1, 'the good event')
    const view = monitor.view('src')
    expect(view.state).toBe('open')
    expect(view.counters.errorsByKind).toEqual({ 'malformed-frame': 1, 'binary-frame': 1 })
    expect(view.lastError?.kind).toBe('binary-frame')
    expect(server.sockets).toHaveLength(1)
  })

  it('reconnects after the server drops it, re-sending the on-open script, with no event lost', async () => {
    monitor.upsertSource(source(server.url, { onOpen: ['sub'] }))
    await waitFor(() => state() === 'open', 'open')
    server.broadcast('{"type":"before"}')
    await waitFor(() => events.length === 1, 'first event')
    server.sockets[0]!.terminate()
    await waitFor(() => state() === 'reconnecting', 'reconnecting')
    expect(monitor.view('src').nextRetryAt).toBeTypeOf('number')
    await waitFor(() => server.sockets.length === 2 && state() === 'open', 'reopened')
    await waitFor(() => server.received.length === 2, 'on-open re-sent')
    expect(server.received).toEqual(['sub', 'sub'])
    server.broadcast('{"type":"after"}')
    await waitFor(() => events.length === 2, 'second event')
    expect(events.map((e) => e.type)).toEqual(['before', 'after'])
    expect(monitor.view('src').counters.reconnects).toBeGreaterThanOrEqual(1)
  })

  it('records a refused handshake with its HTTP status and keeps retrying', async () => {
    const refusing = createServer()
    refusing.on('upgrade', (_request, socket) =>
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'),
    )
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = refusing.address() as AddressInfo
      monitor.upsertSource(source(`ws://127.0.0.1:${port}/`))
      await waitFor(() => monitor.view('src').lastError !== null, 'an error')
      expect(monitor.view('src').lastError).toMatchObject({
        kind: 'handshake',
        message: expect.stringMatching(/HTTP 403/),
      })
      await waitFor(() => state() === 'reconnecting', 'reconnecting')
    } finally {
      refusing.close()
    }
  })

  it('stays closed after a user disconnect, and answers sends with not-open', async () => {
    monitor.upsertSource(source(server.url))
    await waitFor(() => state() === 'open', 'open')
    monitor.send('src', 'ping')
    await waitFor(() => server.received.includes('ping'), 'sent')
    monitor.disconnect('src')
    expect(state()).toBe('closed')
    expect(() => monitor.send('src', 'x')).toThrow(/not open/)
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(state()).toBe('closed')
    expect(server.sockets).toHaveLength(1)
  })

  it('lists recent events newest first, by source and type, and forgets removed sources', async () => {
    monitor.upsertSource(source(server.url))
    monitor.upsertSource(source(server.url, { id: 'two' }))
    await waitFor(
      () =>
        server.sockets.length === 2 && state() === 'open' && monitor.view('two').state === 'open',
      'both open',
    )
    for (let i = 0; i < 5; i++)
      server.broadcast(JSON.stringify({ type: i % 2 ? 'odd' : 'even', i }))
    await waitFor(() => events.length === 10, 'ten events')
    expect(monitor.recentEvents({ limit: 3 }).map((e) => e.id)).toEqual(
      [10, 9, 8].map((n) => events[n - 1]!.id),
    )
    expect(monitor.recentEvents({ source: 'two', type: 'odd' })).toHaveLength(2)
    monitor.removeSource('two')
    expect(monitor.recentEvents({ source: 'two' })).toEqual([])
    expect(() => monitor.view('two')).toThrow(/no source/)
  })

  it('applies a settings change by reconnecting with the new URL', async () => {
    const other = await startTestServer()
    try {
      monitor.upsertSource(source(server.url))
      await waitFor(() => state() === 'open', 'open')
      monitor.upsertSource(source(other.url))
      await waitFor(() => other.sockets.length === 1 && state() === 'open', 'moved')
      expect(monitor.view('src').url).toBe(other.url)
    } finally {
      await other.close()
    }
  })
})

describe('Monitor: URLs no source uses any more', () => {
  let monitor: Monitor
  let released: string[]

  beforeEach(() => {
    released = []
    monitor = new Monitor({
      socketFactory: wsSocketFactory,
      random: () => 0,
      releaseUrl: (url) => released.push(url),
    })
  })
  afterEach(() => monitor.dispose())

  it('are released when their last source is removed or moves elsewhere', () => {
    const [a, b] = ['sim://replay/a', 'sim://replay/b']
    // Disabled: nothing dials, the URLs are only configured.
    monitor.upsertSource(source(a, { enabled: false }))
    monitor.upsertSource(source(a, { id: 'two', enabled: false }))
    monitor.upsertSource(source(b, { enabled: false }))
    expect(released).toEqual([])
    monitor.upsertSource(source(b, { enabled: false, name: 'Renamed' }))
    expect(released).toEqual([])
    monitor.removeSource('two')
    expect(released).toEqual([a])
    monitor.setSources([])
    expect(released).toEqual([a, b])
  })

  it('releases the URL a change could not open once it has gone back', async () => {
    const server = await startTestServer()
    const gone = await startTestServer()
    await gone.close()
    try {
      monitor.upsertSource(source(server.url))
      await waitFor(() => monitor.view('src').state === 'open', 'open')
      monitor.upsertSource(source(gone.url))
      expect(released).toEqual([server.url])
      await waitFor(() => monitor.view('src').lastError?.kind === 'update', 'the rollback')
      expect(released).toEqual([server.url, gone.url])
    } finally {
      await server.close()
    }
  })
})
