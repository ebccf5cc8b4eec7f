import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { emptyConfig } from '../../shared/config'
import { createInvokeHandlers } from './api/invoke-handlers'
import { Engine } from './engine'
import { MemorySecretStore } from './secrets/secret-store'
import { startFaultServer, type FaultServer } from './testing/fault-server'
import { waitFor } from './testing/test-server'
import { silentLogger } from './util/logger'
import { engineInternals } from './testing/engine-internals'

describe('Engine: secrets and rolled-back settings', () => {
  let dir: string
  let server: FaultServer
  let other: FaultServer
  let engine: Engine
  const secrets = new MemorySecretStore()

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-engine-'))
    server = await startFaultServer()
    other = await startFaultServer()
    engine = await Engine.start({
      dataDir: dir,
      mode: 'headless',
      version: '0.0.0',
      logger: silentLogger,
      secrets,
      firstRunConfig: () => ({
        version: 1,
        sources: [
          {
            id: 'src',
            name: 'Source',
            preset: 'generic',
            enabled: true,
            url: server.url,
            headers: {},
            onOpen: [],
            auth: { type: 'query', param: 'token', secret: 'src-token' },
            reconnect: { initialMs: 50, maxMs: 200 },
          },
        ],
        triggers: [],
        preferences: emptyConfig().preferences,
      }),
    })
  })

  afterEach(async () => {
    await engine.dispose()
    await server.close()
    await other.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('stores secrets by reference; listing shows references, never values', async () => {
    const handlers = createInvokeHandlers(engine)
    await waitFor(
      () => engineInternals(engine).monitor.view('src').lastError?.kind === 'config',
      'the missing secret',
    )
    expect(server.attempts).toHaveLength(0)

    await handlers['secret:set']('src-token', 'super-secret-value')
    // A source backed off for want of this secret tries again at once.
    await waitFor(
      () => engineInternals(engine).monitor.view('src').state === 'open',
      'open with the secret',
    )
    expect(server.attempts[0]!.url).toBe('/?token=super-secret-value')
    expect(await handlers['secret:list']()).toEqual(['src-token'])

    const saved = await readFile(join(dir, 'config.json'), 'utf8')
    expect(saved).toContain('"secret": "src-token"')
    expect(saved).not.toContain('super-secret-value')
    expect(JSON.stringify(await handlers['source:list']())).not.toContain('super-secret-value')

    await handlers['secret:delete']('src-token')
    expect(await handlers['secret:list']()).toEqual([])
  })

  it('a saved change that does not open is rolled back in the config file too', async () => {
    await secrets.set('src-token', 't0ken')
    engineInternals(engine).monitor.connect('src')
    await waitFor(() => engineInternals(engine).monitor.view('src').state === 'open', 'open')
    other.setUpgrade({ kind: 'refuse', status: 401 })
    const original = engine.config.sources[0]!

    await engine.saveSource({ ...original, url: other.url })
    await waitFor(
      () => engineInternals(engine).monitor.view('src').lastError?.kind === 'update',
      'the rollback',
    )
    await waitFor(() => engine.config.sources[0]!.url === server.url, 'the config to follow')
    const saved = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as {
      sources: { url: string }[]
    }
    expect(saved.sources[0]!.url).toBe(server.url)
    expect(engineInternals(engine).monitor.view('src').lastError?.message).toMatch(
      /HTTP 401 Unauthorized/,
    )
    await waitFor(
      () => engineInternals(engine).monitor.view('src').state === 'open',
      'open on the old URL',
    )
  })
})
