import { spawn } from 'node:child_process'
import type * as FsPromises from 'node:fs/promises'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { configSchema, type Config } from '../../../shared/config'
import { ConfigFile } from './config-file'

// The moment between "temporary file written and synced" and "renamed over the target" is
// frozen here: a rename that never completes is what a crash at that point looks like.
const freeze = vi.hoisted(() => ({ renames: false }))
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>()
  return {
    ...actual,
    rename: (...args: Parameters<typeof actual.rename>) =>
      freeze.renames ? new Promise<void>(() => {}) : actual.rename(...args),
  }
})

const config = (name: string): Config =>
  configSchema.parse({
    version: 1,
    sources: [
      {
        id: 'a',
        name,
        preset: 'generic',
        enabled: true,
        url: 'ws://127.0.0.1:1/',
        headers: {},
        onOpen: [],
      },
    ],
    triggers: [],
  })

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-config-crash-'))
  freeze.renames = false
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('a config write interrupted between the temporary file and the rename', () => {
  it('leaves the old file intact, and the next start cleans up the temporary file', async () => {
    const path = join(dir, 'config.json')
    await new ConfigFile(path).save(config('old'))

    freeze.renames = true
    void new ConfigFile(path).save(config('new'))
    await vi.waitFor(async () => {
      const temps = (await readdir(dir)).filter((name) => name.endsWith('.tmp'))
      expect(temps).toHaveLength(1)
      // The new document is fully on disk, just not yet in place.
      expect(JSON.parse(await readFile(join(dir, temps[0]!), 'utf8')).sources[0].name).toBe('new')
    })
    expect(JSON.parse(await readFile(path, 'utf8')).sources[0].name).toBe('old')

    // "Restart": a later run loads the old document and removes the leftover.
    freeze.renames = false
    const later = new ConfigFile(path, { now: () => new Date(Date.now() + 120_000) })
    expect(await later.load()).toEqual({ kind: 'loaded', config: config('old') })
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('survives a process killed at any point of its saves', async () => {
    const path = join(dir, 'config.json')
    const root = resolve(import.meta.dirname, '../../..')
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'testing/config-writer.ts'), path],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let errors = ''
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    const exited = new Promise<void>((done) => child.once('exit', () => done()))
    await new Promise<void>((ready, fail) => {
      let saves = 0
      child.stdout.on('data', (chunk: Buffer) => {
        saves += chunk.toString().split('saved').length - 1
        if (saves >= 20) ready()
      })
      void exited.then(() => fail(new Error(`the writer exited early:\n${errors}`)))
    })
    child.kill('SIGKILL')
    await exited

    const loaded = await new ConfigFile(path).load()
    expect(loaded.kind).toBe('loaded')
    if (loaded.kind !== 'loaded') return
    expect(['a0', 'b0']).toContain(loaded.config.sources[0]!.id)
    expect(loaded.config.sources).toHaveLength(200)
  }, 60_000)
})
