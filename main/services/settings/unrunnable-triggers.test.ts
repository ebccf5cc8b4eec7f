import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { validateConfig } from '../../../shared/config'
import { TriggerEngine } from '../triggers/trigger-engine'
import type { Logger } from '../util/logger'
import { loadStartupConfig } from './config-bootstrap'
import { ConfigFile } from './config-file'

const notify = [{ type: 'notify', title: 'hit' }]

/** A config an older Vigil saved, when V8 ran patterns: one trigger uses a lookahead. */
const older = {
  version: 1,
  sources: [{ id: 'ps2', name: 'PS2', preset: 'census', url: 'ws://127.0.0.1:1/' }],
  triggers: [
    { id: 'plain', name: 'Plain', sources: ['ps2'], actions: notify },
    {
      id: 'look',
      name: 'Lookahead',
      sources: ['ps2'],
      condition: {
        all: [
          { field: 'payload.a', op: 'exists' },
          { not: { field: 'payload.s', op: 'matches', value: 'kill(?=ed)' } },
        ],
      },
      actions: notify,
    },
  ],
}

describe('a config holding a pattern the linear-time engine cannot run', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-patterns-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('loads with that trigger disabled and says why, keeping every source and trigger', async () => {
    const path = join(dir, 'config.json')
    await writeFile(path, JSON.stringify(older))
    const warnings: string[] = []
    const logger: Logger = { info() {}, warn: (m) => warnings.push(m), error() {} }
    const { config, problem } = await loadStartupConfig(
      new ConfigFile(path),
      () => ({ version: 1 }),
      logger,
    )
    expect(problem).toBeNull()
    expect(config.sources.map((s) => s.id)).toEqual(['ps2'])
    expect(config.triggers.map((t) => [t.id, t.enabled])).toEqual([
      ['plain', true],
      ['look', false],
    ])
    expect(warnings).toEqual([
      expect.stringMatching(/^trigger "look" was disabled: lookahead `\(\?=` is not supported/),
    ])
    // The engine takes it as it is: a disabled trigger never runs its pattern.
    const engine = new TriggerEngine()
    expect(() => engine.setTriggers(config.triggers)).not.toThrow()
    expect(engine.view('look').enabled).toBe(false)
    engine.dispose()
  })

  it('may be kept by a disabled trigger, but is refused at its leaf in an enabled one', () => {
    const disabled = structuredClone(older)
    disabled.triggers[1] = { ...disabled.triggers[1]!, enabled: false } as never
    expect(validateConfig(disabled)).toMatchObject({ ok: true })
    expect(validateConfig(older)).toMatchObject({
      ok: false,
      issues: [
        {
          path: 'triggers.1.condition.all.1.not.value',
          message: expect.stringMatching(/^lookahead `\(\?=` is not supported/),
        },
      ],
    })
  })
})
