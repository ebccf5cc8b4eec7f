/**
 * `source:test` through the engine's handlers: the draft is validated like a save, the test's
 * secrets are used and not stored, at most 4 run at once, and the running source of the same id,
 * the recent events, the field catalogue and history never see what the test received.
 */

import { createServer, type AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sourceConfigSchema } from '../../shared/source-config'
import { MAX_CONCURRENT_TESTS } from '../../shared/source-test'
import { createInvokeHandlers } from './api/invoke-handlers'
import { dispatchInvoke } from './api/dispatch'
import type { Engine } from './engine'
import { startTestEngine, type TestEngine } from './testing/test-engine'
import { startTestServer, waitFor, type TestServer } from './testing/test-server'
import { genericTestSource } from './testing/test-source'
import { silentLogger } from './util/logger'
import { engineInternals } from './testing/engine-internals'

describe('source:test', () => {
  let running: TestEngine
  let engine: Engine
  let other: TestServer

  beforeEach(async () => {
    running = await startTestEngine()
    engine = running.engine
    other = await startTestServer()
  })

  afterEach(async () => {
    await other.close()
    await running.dispose()
  })

  const invoke = (channel: 'source:test', ...args: unknown[]) =>
    dispatchInvoke(createInvokeHandlers(engine), channel, args, silentLogger)

  it('dials apart from the running source of the same id: nothing it receives goes anywhere', async () => {
    running.server.broadcast(JSON.stringify({ type: 'live', n: 1 }))
    await waitFor(
      () => engineInternals(engine).monitor.view('src').counters.events === 1,
      'the live event',
    )
    const before = {
      view: engineInternals(engine).monitor.view('src'),
      recent: engineInternals(engine).monitor.recentEvents({ source: 'src' }),
      catalogue: engineInternals(engine).catalogue.get({ source: 'src' }),
    }
    other.nextConnection().then(
      (socket) => {
        for (let i = 0; i < 10; i++) socket.send(JSON.stringify({ type: 'from-test', i }))
      },
      () => {},
    )
    const result = await invoke('source:test', {
      source: { ...genericTestSource('src', other.url), name: 'Draft of src' },
    })
    expect(result).toMatchObject({ ok: true })
    const report = (result as { value: { frames: { types: string[] }[] } }).value
    expect(report.frames).toHaveLength(10)
    expect(report.frames[0]!.types).toEqual(['from-test'])

    const view = engineInternals(engine).monitor.view('src')
    expect(view).toMatchObject({ state: 'open', name: 'Test', url: running.server.url })
    expect(view.counters).toEqual(before.view.counters)
    expect(engineInternals(engine).monitor.recentEvents({ source: 'src' })).toEqual(before.recent)
    expect(engineInternals(engine).catalogue.get({ source: 'src' })).toEqual(before.catalogue)
    expect(engine.config.sources.map((source) => source.name)).toEqual(['Test'])
    await engineInternals(engine).history?.flush()
    const stored = await engineInternals(engine).historyQueries.search({ source: 'src' })
    expect(stored.events.map((event) => event.type)).toEqual(['live'])
  })

  it('validates the draft as a save does', async () => {
    const result = await invoke('source:test', {
      source: { id: 'Bad Id', name: '', preset: 'generic', url: 'http://x' },
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    const paths = (result as { error: { issues: { path: string }[] } }).error.issues.map(
      (issue) => issue.path,
    )
    expect(paths).toEqual(expect.arrayContaining(['source.id', 'source.name', 'source.url']))
  })

  it("uses the request's secrets for the test only", async () => {
    // Ten frames end the test at once rather than after its ten seconds.
    const connected = other.nextConnection().then((socket) => {
      for (let i = 0; i < 10; i++) socket.send('{}')
    })
    const result = await invoke('source:test', {
      source: {
        ...genericTestSource('draft', other.url),
        auth: { type: 'header', secret: 'draft-token' },
      },
      secrets: [{ ref: 'draft-token', value: 'typed-in-the-form' }],
    })
    await connected
    expect(other.requests[0]!.headers.authorization).toBe('Bearer typed-in-the-form')
    expect(result).toMatchObject({ ok: true })
    expect(await engineInternals(engine).secrets.list()).toEqual([])
  })

  it(`runs at most ${MAX_CONCURRENT_TESTS} at once`, async () => {
    // Accepts TCP and never answers the upgrade: each test waits for its handshake timeout.
    const silent = createServer(() => {})
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const url = `ws://127.0.0.1:${(silent.address() as AddressInfo).port}/`
    const source = sourceConfigSchema.parse({
      ...genericTestSource('slow', url),
      handshakeTimeoutMs: 1_000,
    })
    try {
      const tests = Array.from({ length: MAX_CONCURRENT_TESTS }, () =>
        engineInternals(engine).sourceTests.test(source),
      )
      expect(await invoke('source:test', { source })).toEqual({
        ok: false,
        error: {
          code: 'unavailable',
          message: '4 connection tests are running already: try again when one has finished',
        },
      })
      for (const report of await Promise.all(tests))
        expect(report.error).toMatchObject({
          kind: 'timeout',
          message: 'no answer to the websocket handshake within 1 s',
        })
      // Once they are done, tests run again.
      expect(await invoke('source:test', { source })).toMatchObject({ ok: true })
    } finally {
      silent.close()
    }
  })
})
