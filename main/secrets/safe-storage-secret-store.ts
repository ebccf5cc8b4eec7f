/**
 * The SecretStore port on Electron's safeStorage: each value is encrypted with a key the OS
 * guards (macOS Keychain, Windows DPAPI, Linux Secret Service or KWallet) and the ciphertext is
 * kept, base64, in `secrets.json` (0600) in the data dir. The file alone reveals nothing.
 *
 * Linux without a keyring: Chromium falls back to the `basic_text` backend, whose key is a
 * constant compiled into every Chromium, which is obfuscation, not encryption. Vigil then refuses
 * to store or read secrets, with a message saying what to install, unless the user opts in with
 * `preferences.shell.allowPlainTextSecrets`.
 */

import { readFile } from 'node:fs/promises'
import type { SafeStorage } from 'electron'
import { z } from 'zod'
import { VigilError } from '../../shared/result'
import type { SecretStore } from '../services/secrets/secret-store'
import { writeFileAtomic } from '../services/settings/atomic-file'

export type SafeStorageLike = Pick<
  SafeStorage,
  | 'isAsyncEncryptionAvailable'
  | 'encryptStringAsync'
  | 'decryptStringAsync'
  | 'getSelectedStorageBackend'
  | 'setUsePlainTextEncryption'
>

export interface SafeStorageSecretStoreOptions {
  safeStorage: SafeStorageLike
  platform: NodeJS.Platform
  /** `<data dir>/secrets.json`. */
  path: string
  /** `preferences.shell.allowPlainTextSecrets`, read on every use so a change applies at once. */
  allowPlainText: () => boolean
}

export interface SecretStoreStatus {
  /** Secrets can be stored and read now. */
  available: boolean
  /** Linux: which keyring Chromium picked; elsewhere the OS facility. */
  backend: string
  /** Values are only obfuscated (Linux `basic_text`, opted in). */
  plainText: boolean
  /** Why not, and what to do, when unavailable. */
  message?: string
}

export const NO_KEYRING_MESSAGE =
  'No OS keyring is available (Linux needs a Secret Service such as GNOME Keyring or KeePassXC, ' +
  'or KWallet, running and unlocked), so Vigil cannot encrypt secrets. Start one and restart ' +
  'Vigil, or turn on preferences.shell.allowPlainTextSecrets to store secrets obfuscated only.'

const fileSchema = z.strictObject({
  version: z.literal(1),
  secrets: z.record(z.string(), z.string()),
})
type SecretsFile = z.infer<typeof fileSchema>

const OS_FACILITY: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'keychain',
  win32: 'dpapi',
}

export class SafeStorageSecretStore implements SecretStore {
  private loaded: Promise<SecretsFile> | undefined
  private writes: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: SafeStorageSecretStoreOptions) {}

  async status(): Promise<SecretStoreStatus> {
    const { safeStorage, platform, allowPlainText } = this.options
    const backend =
      platform === 'linux'
        ? safeStorage.getSelectedStorageBackend()
        : (OS_FACILITY[platform] ?? platform)
    if (backend === 'basic_text') {
      if (!allowPlainText())
        return { available: false, backend, plainText: true, message: NO_KEYRING_MESSAGE }
      // Chromium only uses its fixed key once told to; the user asked for exactly that.
      safeStorage.setUsePlainTextEncryption(true)
    }
    if (!(await safeStorage.isAsyncEncryptionAvailable())) {
      return {
        available: false,
        backend,
        plainText: backend === 'basic_text',
        message:
          platform === 'linux'
            ? NO_KEYRING_MESSAGE
            : `The OS credential store (${backend}) refused Vigil access, so secrets cannot be encrypted.`,
      }
    }
    return { available: true, backend, plainText: backend === 'basic_text' }
  }

  async get(ref: string): Promise<string | undefined> {
    const file = await this.load()
    const stored = file.secrets[ref]
    if (stored === undefined) return undefined
    await this.assertAvailable()
    const { result, shouldReEncrypt } = await this.options.safeStorage
      .decryptStringAsync(Buffer.from(stored, 'base64'))
      .catch(() => {
        throw new VigilError(
          'unavailable',
          `the secret "${ref}" cannot be decrypted (was the OS keyring reset?): enter it again`,
        )
      })
    // The OS rotated its key: store the value again under the new one.
    if (shouldReEncrypt) await this.set(ref, result)
    return result
  }

  async set(ref: string, value: string): Promise<void> {
    await this.assertAvailable()
    const encrypted = await this.options.safeStorage.encryptStringAsync(value)
    await this.update((secrets) => ({ ...secrets, [ref]: encrypted.toString('base64') }))
  }

  async delete(ref: string): Promise<void> {
    await this.update(({ [ref]: _removed, ...rest }) => rest)
  }

  async list(): Promise<string[]> {
    return Object.keys((await this.load()).secrets).sort()
  }

  private async assertAvailable(): Promise<void> {
    const status = await this.status()
    if (!status.available)
      throw new VigilError('unavailable', status.message ?? 'secrets are unavailable')
  }

  private load(): Promise<SecretsFile> {
    this.loaded ??= readFile(this.options.path, 'utf8').then(
      (text) => {
        let json: unknown
        try {
          json = JSON.parse(text)
        } catch {
          json = undefined
        }
        const parsed = fileSchema.safeParse(json)
        if (!parsed.success)
          throw new VigilError('internal', `${this.options.path} is not a Vigil secrets file`)
        return parsed.data
      },
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return { version: 1 as const, secrets: {} }
        throw error
      },
    )
    // A failed read is not cached: the next call tries again.
    this.loaded.catch(() => (this.loaded = undefined))
    return this.loaded
  }

  /** Read-modify-write, one at a time, so concurrent sets never lose each other's values. */
  private update(
    change: (secrets: Record<string, string>) => Record<string, string>,
  ): Promise<void> {
    const run = this.writes.then(async () => {
      const file = await this.load()
      const next: SecretsFile = { version: 1, secrets: change(file.secrets) }
      await writeFileAtomic(this.options.path, `${JSON.stringify(next, null, 2)}\n`, {
        mode: 0o600,
      })
      this.loaded = Promise.resolve(next)
    })
    this.writes = run.catch(() => {})
    return run
  }
}
