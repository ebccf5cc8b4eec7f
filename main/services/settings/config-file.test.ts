import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { emptyConfig, type Config } from '../../../shared/config'
import { ConfigFile } from './config-file'

const good: Config = {
  version: 1,
  sources: [
    {
      id: 'a',
      name: 'A',
      preset: 'generic',
      enabled: true,
      url: 'ws://127.0.0.1:1/',
      headers: {},
      onOpen: [],
    },
  ],
  triggers: [],
  preferences: emptyConfig().preferences,
}

describe('ConfigFile', () => {
  let dir: string
  let file: ConfigFile

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-config-'))
    file = new ConfigFile(join(dir, 'config.json'), () => new Date('2026-01-02T03:04:05.678Z'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('reports a missing file, then loads what it saved', async () => {
    expect(await file.load()).toEqual({ kind: 'missing' })
    await file.save(good)
    expect(await file.load()).toEqual({ kind: 'loaded', config: good })
    expect((await readdir(dir)).sort()).toEqual(['config.json', 'config.json.last-good'])
  })

  it('moves an invalid file aside, lists its problems, and recovers the last good copy', async () => {
    await file.save(good)
    await writeFile(file.path, JSON.stringify({ version: 1, sources: [{ id: 'B!', url: 'nope' }] }))
    const loaded = await file.load()
    expect(loaded.kind).toBe('invalid')
    if (loaded.kind !== 'invalid') return
    expect(loaded.config).toEqual(good)
    expect(loaded.problem.recovered).toBe(true)
    expect(loaded.problem.backupPath).toBe(`${file.path}.invalid-2026-01-02T03-04-05-678Z`)
    expect(loaded.problem.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['sources.0.id', 'sources.0.url', 'sources.0.name']),
    )
    // The bad file is kept for the user, and the good one is back in place.
    expect(JSON.parse(await readFile(loaded.problem.backupPath, 'utf8')).sources[0].id).toBe('B!')
    expect(JSON.parse(await readFile(file.path, 'utf8'))).toEqual(good)
  })

  it('reports a file that is not JSON, with nothing to recover from', async () => {
    await writeFile(file.path, '{"version": 1,')
    const loaded = await file.load()
    expect(loaded).toMatchObject({
      kind: 'invalid',
      config: null,
      problem: { recovered: false, issues: [{ path: '(file)' }] },
    })
  })

  it('serialises concurrent saves so the last one wins, leaving no temporary files', async () => {
    const configs = Array.from({ length: 10 }, (_, i) => ({
      ...good,
      sources: [{ ...good.sources[0]!, name: `N${i}` }],
    }))
    await Promise.all(configs.map((config) => file.save(config)))
    expect(JSON.parse(await readFile(file.path, 'utf8')).sources[0].name).toBe('N9')
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('keeps a corrupt file byte for byte as a backup and says clearly what is wrong', async () => {
    await file.save(good)
    const torn = Buffer.concat([
      Buffer.from(JSON.stringify(good).slice(0, 40)),
      Buffer.from([0x00, 0xff, 0xfe]),
    ])
    await writeFile(file.path, torn)
    const loaded = await file.load()
    expect(loaded).toMatchObject({
      kind: 'invalid',
      config: good,
      problem: {
        recovered: true,
        issues: [{ path: '(file)', message: expect.stringMatching(/^not valid JSON: /) }],
      },
    })
    if (loaded.kind !== 'invalid') return
    expect(await readFile(loaded.problem.backupPath)).toEqual(torn)
  })

  it('refuses a file written by a newer Vigil, keeping it as a backup', async () => {
    await writeFile(file.path, JSON.stringify({ ...good, version: 2 }))
    const loaded = await file.load()
    expect(loaded).toMatchObject({
      kind: 'invalid',
      config: null,
      problem: { issues: [{ path: 'version', message: expect.stringMatching(/newer Vigil/) }] },
    })
  })
})
