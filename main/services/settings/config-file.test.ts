import { execFileSync } from 'node:child_process'
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  truncate,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { emptyConfig, type Config } from '../../../shared/config'
import { writeFileAtomic } from './atomic-file'
import { ConfigFile, MAX_CONFIG_FILE_BYTES } from './config-file'

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
    file = new ConfigFile(join(dir, 'config.json'), {
      now: () => new Date('2026-01-02T03:04:05.678Z'),
    })
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

  describe('given a path that is not a config file', () => {
    beforeEach(() => file.save(good))

    async function expectSetAside(message: string): Promise<string> {
      const loaded = await file.load()
      expect(loaded).toEqual({
        kind: 'invalid',
        config: good,
        problem: {
          path: file.path,
          backupPath: `${file.path}.invalid-2026-01-02T03-04-05-678Z`,
          issues: [{ path: '(file)', message }],
          recovered: true,
        },
      })
      // The last good copy is back in place, and the next start is a normal one.
      expect(await file.load()).toEqual({ kind: 'loaded', config: good })
      return `${file.path}.invalid-2026-01-02T03-04-05-678Z`
    }

    it('moves a directory aside, contents and all, and starts from the last good copy', async () => {
      await rm(file.path)
      await mkdir(file.path)
      await writeFile(join(file.path, 'note.txt'), 'mine')
      const backup = await expectSetAside('not a config file: it is not a regular file')
      expect(await readFile(join(backup, 'note.txt'), 'utf8')).toBe('mine')
    })

    it.skipIf(process.platform === 'win32')(
      'moves a named pipe aside without waiting for a writer',
      async () => {
        await rm(file.path)
        execFileSync('mkfifo', [file.path])
        const backup = await expectSetAside('not a config file: it is not a regular file')
        expect((await lstat(backup)).isFIFO()).toBe(true)
      },
    )

    it('moves aside, unread, a file larger than 16 MiB', async () => {
      // Valid JSON, so only its size can be the reason; sparse, so the test writes almost nothing.
      await writeFile(file.path, '{}')
      await truncate(file.path, MAX_CONFIG_FILE_BYTES + 1024 * 1024)
      const backup = await expectSetAside(
        'not a config file: it is 17 MB, more than the 16 MB allowed',
      )
      expect((await stat(backup)).size).toBe(17 * 1024 * 1024)
    })

    it('refuses to save a document it could not load back', async () => {
      const huge = {
        ...good,
        sources: [{ ...good.sources[0]!, name: 'x'.repeat(MAX_CONFIG_FILE_BYTES) }],
      }
      await expect(file.save(huge)).rejects.toMatchObject({
        code: 'invalid-argument',
        message: expect.stringMatching(
          /^the config would take 16.1 MB, more than the 16 MB a config file may hold$/,
        ),
      })
      expect(await file.load()).toEqual({ kind: 'loaded', config: good })
    })
  })
})

describe('ConfigFile on a full disk', () => {
  let dir: string
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('leaves the file as it was when either write fails, and the next save works', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-config-'))
    const path = join(dir, 'config.json')
    await new ConfigFile(path).save(good)
    let fullOn: string | null = null
    const file = new ConfigFile(path, {
      write: (target, text) =>
        target === fullOn ? Promise.reject(diskFull()) : writeFileAtomic(target, text),
    })
    const next = { ...good, sources: [{ ...good.sources[0]!, name: 'next' }] }
    for (const target of [path, file.lastGoodPath]) {
      fullOn = target
      await expect(file.save(next)).rejects.toMatchObject({ code: 'ENOSPC' })
      expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(good)
    }
    fullOn = null
    await file.save(next)
    expect(await file.load()).toEqual({ kind: 'loaded', config: next })
  })
})

function diskFull(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
}
