import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { demoSource } from '../demo'
import { Recorder } from '../recording/recorder'
import { endLine, frameLine, headerLine } from '../recording/recording-lines'
import { systemClock } from '../util/clock'
import { silentLogger } from '../util/logger'
import { OpenedFiles } from './opened-files'

describe('OpenedFiles', () => {
  let dir: string
  let recordings: string
  let files: OpenedFiles

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-opened-'))
    recordings = join(dir, 'recordings')
    const recorder = new Recorder({
      dir: recordings,
      clock: systemClock,
      logger: silentLogger,
    })
    files = new OpenedFiles(recorder)
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('parses a config file and hands it over once, by token', async () => {
    const path = join(dir, 'team.vigil')
    await writeFile(path, JSON.stringify({ version: 1, sources: [] }))
    const notice = await files.open(path, 'config')
    expect(notice).toEqual({
      kind: 'config',
      token: expect.stringMatching(/^[0-9a-f]{32}$/),
      name: 'team.vigil',
    })
    expect(files.take(notice.token)).toEqual({
      kind: 'config',
      name: 'team.vigil',
      document: { version: 1, sources: [] },
    })
    expect(() => files.take(notice.token)).toThrow(/no longer available/)
  })

  it('says why a file could not be read, instead of failing silently', async () => {
    const bad = join(dir, 'broken.vigil')
    await writeFile(bad, '{"version": 1,')
    const notJson = files.take((await files.open(bad, 'config')).token)
    expect(notJson).toMatchObject({ kind: 'unreadable', name: 'broken.vigil', message: /not JSON/ })
    const missing = files.take((await files.open(join(dir, 'gone.vigil'), 'config')).token)
    expect(missing).toMatchObject({ kind: 'unreadable', message: /ENOENT/ })
    const fake = join(dir, 'fake.vigilrec')
    await writeFile(fake, 'hello\n')
    const notRecording = files.take((await files.open(fake, 'recording')).token)
    expect(notRecording).toMatchObject({ kind: 'unreadable', message: /not a Vigil recording/ })
  })

  it.skipIf(process.platform === 'win32')(
    'refuses what is not a regular file of config size, without reading it',
    async () => {
      const device = join(dir, 'zero.vigil')
      await symlink('/dev/zero', device)
      const pipe = join(dir, 'pipe.vigil')
      execFileSync('mkfifo', [pipe])
      const large = join(dir, 'large.vigil')
      await writeFile(large, Buffer.alloc(5 * 1024 * 1024 + 1))
      const taken = async (path: string) => files.take((await files.open(path, 'config')).token)
      expect(await taken(device)).toEqual({
        kind: 'unreadable',
        name: 'zero.vigil',
        message: 'zero.vigil is not a Vigil config: it is not a regular file',
      })
      expect(await taken(pipe)).toMatchObject({ message: /it is not a regular file/ })
      expect(await taken(large)).toMatchObject({
        message: 'large.vigil is not a Vigil config: it is 5.1 MB, more than the 5 MB allowed',
      })
    },
  )

  it('adds an opened recording to the recordings folder, under a fresh id if its own is taken', async () => {
    const source = demoSource()
    const at = Date.UTC(2026, 0, 2, 3, 4, 5)
    const text =
      headerLine('demo-census-night', source, at) +
      frameLine(Buffer.from('{"type":"heartbeat"}'), false, at + 1) +
      endLine(at + 2, 1, 0)
    const path = join(dir, 'night.vigilrec')
    await writeFile(path, text)

    const first = files.take((await files.open(path, 'recording')).token)
    expect(first).toMatchObject({
      kind: 'recording',
      name: 'night.vigilrec',
      recording: { id: 'demo-census-night', sourceId: source.id, frames: 1, stoppedAt: at + 2 },
    })
    const second = files.take((await files.open(path, 'recording')).token)
    expect(second).toMatchObject({ recording: { id: 'demo-census-night-imported-1' } })
    expect((await readdir(recordings)).sort()).toEqual([
      'demo-census-night-imported-1.jsonl',
      'demo-census-night.jsonl',
    ])
  })
})
