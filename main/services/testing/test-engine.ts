/**
 * An Engine for tests: a fresh data dir, a local websocket server, and one generic source on it
 * (id `src` unless told otherwise), already open. `dispose` closes everything and deletes the
 * data dir. Test-only.
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TriggerConfigInput } from '../../../shared/trigger-config'
import { Engine, type EngineOptions } from '../engine'
import { engineInternals } from './engine-internals'
import { silentLogger } from '../util/logger'
import { startTestServer, waitFor, type TestServer } from './test-server'
import { genericTestSource } from './test-source'

export interface TestEngine {
  engine: Engine
  server: TestServer
  dir: string
  dispose(): Promise<void>
}

export interface TestEngineOptions {
  sourceId?: string
  triggers?: TriggerConfigInput[]
  version?: string
  /** Anything else the engine should be started with (a clock, a notifier...). */
  engine?: Partial<EngineOptions>
}

export async function startTestEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  const sourceId = options.sourceId ?? 'src'
  const dir = await mkdtemp(join(tmpdir(), 'vigil-test-engine-'))
  const server = await startTestServer()
  const engine = await Engine.start({
    dataDir: dir,
    mode: 'headless',
    version: options.version ?? '0.0.0',
    logger: silentLogger,
    firstRunConfig: () => ({
      version: 1,
      sources: [genericTestSource(sourceId, server.url)],
      triggers: options.triggers ?? [],
    }),
    ...options.engine,
  })
  await waitFor(() => engineInternals(engine).monitor.view(sourceId).state === 'open', 'open')
  return {
    engine,
    server,
    dir,
    dispose: async () => {
      await engine.dispose()
      await server.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
