import { chmod, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FileSecretStore } from './file-secret-store'

let dir: string
let path: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-secrets-'))
  path = join(dir, 'secrets.json')
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const posix = process.platform !== 'win32'

describe('FileSecretStore', () => {
  it('keeps secrets in an owner-only file across restarts', async () => {
    const store = await FileSecretStore.open(path)
    expect(await store.list()).toEqual([])
    await store.set('ps2-service-id', 's:abc')
    await store.set('neuroio.token', 'tok-1')
    await store.delete('ps2-service-id')
    if (posix) expect((await stat(path)).mode & 0o777).toBe(0o600)

    const again = await FileSecretStore.open(path)
    expect(await again.list()).toEqual(['neuroio.token'])
    expect(await again.get('neuroio.token')).toBe('tok-1')
    expect(await again.get('ps2-service-id')).toBeUndefined()
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      version: 1,
      secrets: { 'neuroio.token': 'tok-1' },
    })
  })

  it('never shows a value when logged or inspected', async () => {
    const store = await FileSecretStore.open(path)
    await store.set('token', 'hunter2-secret')
    expect(inspect(store, { depth: 10, showHidden: true })).not.toContain('hunter2')
    expect(JSON.stringify(store)).not.toContain('hunter2')
  })

  it('rejects bad references and oversized values', async () => {
    const store = await FileSecretStore.open(path)
    await expect(store.set('../escape', 'x')).rejects.toThrow(/not a valid secret reference/)
    await expect(store.set('ok', 'x'.repeat(70_000))).rejects.toThrow(/at most/)
  })

  it.runIf(posix)('refuses to start when other users can read or write the file', async () => {
    await writeFile(path, JSON.stringify({ version: 1, secrets: { a: 'b' } }), { mode: 0o600 })
    for (const mode of [0o644, 0o640, 0o602, 0o660]) {
      await chmod(path, mode)
      await expect(FileSecretStore.open(path)).rejects.toMatchObject({
        code: 'forbidden',
        message: expect.stringContaining(`chmod 600 "${path}"`),
      })
    }
    await chmod(path, 0o400)
    expect(await (await FileSecretStore.open(path)).get('a')).toBe('b')
  })

  it.runIf(posix)('refuses a symbolic link in place of the file', async () => {
    const real = join(dir, 'elsewhere.json')
    await writeFile(real, JSON.stringify({ version: 1, secrets: {} }), { mode: 0o600 })
    await symlink(real, path)
    await expect(FileSecretStore.open(path)).rejects.toThrow(/symbolic link/)
  })

  it('refuses a damaged file and leaves it as it was', async () => {
    await writeFile(path, '{"version":1,"secrets":', { mode: 0o600 })
    await expect(FileSecretStore.open(path)).rejects.toThrow(/not valid JSON.*left untouched/)
    await writeFile(path, '{"version":1,"secrets":{"a":1}}', { mode: 0o600 })
    await expect(FileSecretStore.open(path)).rejects.toThrow(/not a Vigil secrets file/)
    expect(await readFile(path, 'utf8')).toBe('{"version":1,"secrets":{"a":1}}')
  })
})
