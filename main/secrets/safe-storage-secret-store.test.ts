import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  NO_KEYRING_MESSAGE,
  SafeStorageSecretStore,
  type SafeStorageLike,
} from './safe-storage-secret-store'

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>

/** A reversible stand-in for the OS: "encrypts" by reversing and tagging with the key version. */
function fakeSafeStorage(backend: Backend = 'gnome_libsecret', available = true) {
  const fake = {
    backend,
    available,
    keyVersion: 'k1',
    plainTextForced: false,
    getSelectedStorageBackend: () => fake.backend,
    setUsePlainTextEncryption: (on: boolean) => {
      fake.plainTextForced = on
      // Chromium's basic_text backend works once told to use its fixed key.
      if (on && fake.backend === 'basic_text') fake.available = true
    },
    isAsyncEncryptionAvailable: () => Promise.resolve(fake.available),
    encryptStringAsync: (text: string) =>
      Promise.resolve(Buffer.from(`${fake.keyVersion}:${[...text].reverse().join('')}`)),
    decryptStringAsync: (data: Buffer) => {
      const [version, body] = data.toString().split(/:(.*)/s)
      if (version === 'bad') return Promise.reject(new Error('Error while decrypting'))
      return Promise.resolve({
        result: [...body!].reverse().join(''),
        shouldReEncrypt: version !== fake.keyVersion,
      })
    },
  }
  return fake
}

describe('SafeStorageSecretStore', () => {
  let dir: string
  let path: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-secrets-'))
    path = join(dir, 'secrets.json')
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  const store = (
    safeStorage: SafeStorageLike,
    allowPlainText = false,
    platform: NodeJS.Platform = 'linux',
  ) =>
    new SafeStorageSecretStore({
      safeStorage,
      platform,
      path,
      allowPlainText: () => allowPlainText,
    })

  it('stores values encrypted in a 0600 file, and reads them back', async () => {
    const secrets = store(fakeSafeStorage())
    await secrets.set('census-service-id', 's:example')
    await secrets.set('pi-password', 'hunter2')
    expect(await secrets.get('census-service-id')).toBe('s:example')
    expect(await secrets.list()).toEqual(['census-service-id', 'pi-password'])

    const text = await readFile(path, 'utf8')
    expect(text).not.toContain('hunter2')
    expect(text).not.toContain('s:example')
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600)

    // A new store (a restart) reads the same file.
    expect(await store(fakeSafeStorage()).get('pi-password')).toBe('hunter2')
    await secrets.delete('pi-password')
    expect(await secrets.get('pi-password')).toBeUndefined()
    expect(await secrets.list()).toEqual(['census-service-id'])
  })

  it('keeps every value when many are set at once', async () => {
    const secrets = store(fakeSafeStorage())
    await Promise.all(Array.from({ length: 20 }, (_, i) => secrets.set(`s${i}`, `v${i}`)))
    expect(await store(fakeSafeStorage()).list()).toHaveLength(20)
  })

  it('refuses, with what to do, on Linux without a keyring', async () => {
    const safeStorage = fakeSafeStorage('basic_text', false)
    const secrets = store(safeStorage)
    expect(await secrets.status()).toEqual({
      available: false,
      backend: 'basic_text',
      plainText: true,
      message: NO_KEYRING_MESSAGE,
    })
    await expect(secrets.set('x', 'y')).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/GNOME Keyring.*allowPlainTextSecrets/s),
    })
    expect(safeStorage.plainTextForced).toBe(false)
  })

  it('stores obfuscated values there only once the user opts in', async () => {
    const safeStorage = fakeSafeStorage('basic_text', false)
    const secrets = store(safeStorage, true)
    expect(await secrets.status()).toEqual({
      available: true,
      backend: 'basic_text',
      plainText: true,
    })
    await secrets.set('x', 'y')
    expect(await secrets.get('x')).toBe('y')
    expect(safeStorage.plainTextForced).toBe(true)
  })

  it('says so when the macOS keychain or Windows DPAPI refuses', async () => {
    const secrets = store(fakeSafeStorage('unknown', false), false, 'darwin')
    expect(await secrets.status()).toMatchObject({ available: false, backend: 'keychain' })
    await expect(secrets.get('x')).resolves.toBeUndefined()
    await expect(secrets.set('x', 'y')).rejects.toThrow(/keychain/)
  })

  it('re-encrypts values the OS asks to, and explains one it cannot decrypt', async () => {
    const safeStorage = fakeSafeStorage()
    const secrets = store(safeStorage)
    await secrets.set('a', 'alpha')
    safeStorage.keyVersion = 'k2'
    expect(await secrets.get('a')).toBe('alpha')
    expect(await readFile(path, 'utf8')).toContain(Buffer.from('k2:ahpla').toString('base64'))

    await writeFile(
      path,
      JSON.stringify({ version: 1, secrets: { b: Buffer.from('bad:x').toString('base64') } }),
    )
    await expect(store(safeStorage).get('b')).rejects.toThrow(/cannot be decrypted.*enter it again/)
  })

  it('names a corrupt file instead of overwriting it', async () => {
    await writeFile(path, 'not json')
    await expect(store(fakeSafeStorage()).set('a', 'b')).rejects.toThrow(/not a Vigil secrets file/)
    expect(await readFile(path, 'utf8')).toBe('not json')
  })
})
