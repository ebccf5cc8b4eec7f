import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readBoundedFile, RefusedFileError } from './bounded-read'

const posix = process.platform !== 'win32'

describe('readBoundedFile', () => {
  let dir: string

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-bounded-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('reads a regular file up to the limit, through a symlink too', async () => {
    const path = join(dir, 'ca.pem')
    await writeFile(path, 'x'.repeat(1_024))
    expect((await readBoundedFile(path, 1_024)).toString()).toBe('x'.repeat(1_024))
    await writeFile(join(dir, 'empty'), '')
    expect(await readBoundedFile(join(dir, 'empty'), 1_024)).toHaveLength(0)
    if (!posix) return
    await symlink(path, join(dir, 'link.pem'))
    expect(await readBoundedFile(join(dir, 'link.pem'), 1_024)).toHaveLength(1_024)
  })

  it('refuses a file over the limit, saying how large it is', async () => {
    const path = join(dir, 'big.pem')
    await writeFile(path, Buffer.alloc(1024 * 1024 + 1))
    const read = readBoundedFile(path, 1024 * 1024)
    await expect(read).rejects.toBeInstanceOf(RefusedFileError)
    await expect(read).rejects.toThrow('it is 1.1 MB, more than the 1 MB allowed')
  })

  it('refuses a folder', async () => {
    await mkdir(join(dir, 'folder'))
    await expect(readBoundedFile(join(dir, 'folder'), 1_024)).rejects.toThrow(
      /not a regular file|EISDIR/,
    )
  })

  it.skipIf(!posix)(
    'refuses a device, directly or through a symlink, without reading it',
    async () => {
      await expect(readBoundedFile('/dev/zero', 1_024)).rejects.toThrow('it is not a regular file')
      await symlink('/dev/zero', join(dir, 'ca.pem'))
      await expect(readBoundedFile(join(dir, 'ca.pem'), 1_024)).rejects.toThrow(
        'it is not a regular file',
      )
    },
  )

  it.skipIf(!posix)('refuses a named pipe without waiting for a writer', async () => {
    const path = join(dir, 'pipe')
    execFileSync('mkfifo', [path])
    await expect(readBoundedFile(path, 1_024)).rejects.toThrow('it is not a regular file')
  })

  it('passes on why a file cannot be opened', async () => {
    await expect(readBoundedFile(join(dir, 'gone.pem'), 1_024)).rejects.toMatchObject({
      code: 'ENOENT',
    })
  })
})
