import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { demoSource } from '../services/demo'
import { Engine } from '../services/engine'
import { waitFor } from '../services/testing/test-server'
import { silentLogger } from '../services/util/logger'
import { createSimulatorResolver } from '../simulators/registry'
import { disposeEngineThenSimulators } from './shutdown'
import { engineInternals } from '../services/testing/engine-internals'

let dir: string | undefined

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

describe('disposeEngineThenSimulators', () => {
  it('disposes the simulators only once the engine is disposed, even if that failed', async () => {
    const calls: string[] = []
    let finishEngine!: () => void
    const done = disposeEngineThenSimulators(
      {
        dispose: () => {
          calls.push('engine')
          return new Promise<void>((resolve) => (finishEngine = resolve))
        },
      },
      { dispose: () => Promise.resolve(void calls.push('simulators')) },
    )
    await new Promise((resolve) => setImmediate(resolve))
    expect(calls).toEqual(['engine'])
    finishEngine()
    await done
    expect(calls).toEqual(['engine', 'simulators'])

    calls.length = 0
    await expect(
      disposeEngineThenSimulators(
        { dispose: () => Promise.reject(new Error('disk full')) },
        { dispose: () => Promise.resolve(void calls.push('simulators')) },
      ),
    ).rejects.toThrow('disk full')
    expect(calls).toEqual(['simulators'])
  })

  it('lets the demo source close with the engine, not reconnect on the way out', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-shutdown-'))
    const simulators = createSimulatorResolver({ recordingsDir: join(dir, 'recordings') })
    const engine = await Engine.start({
      dataDir: dir,
      mode: 'electron',
      version: '9.9.9',
      logger: silentLogger,
      history: false,
      resolveUrl: (url) => simulators.resolveUrl(url),
      firstRunConfig: () => ({ version: 1, sources: [demoSource()], triggers: [] }),
    })
    await waitFor(
      () => engineInternals(engine).monitor.view(demoSource().id).state === 'open',
      'the demo open',
    )
    const states: string[] = []
    engineInternals(engine).monitor.onDidChangeSource((view) => states.push(view.state))
    // As when history or a recording takes a moment to flush before the sources close.
    const slowEngine = {
      dispose: async () => {
        await new Promise((resolve) => setTimeout(resolve, 300))
        await engine.dispose()
      },
    }
    await disposeEngineThenSimulators(slowEngine, simulators)
    expect(states).not.toContain('reconnecting')
  })
})
