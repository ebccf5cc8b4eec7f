/**
 * The headless host's SecretStore: one JSON file in the data dir, readable and writable by its
 * owner only (mode 0600), replaced atomically on every change.
 *
 * Security decisions:
 * - On POSIX, Vigil refuses to start with a secrets file that other users could read or write, or
 *   that another user owns, or that is a symbolic link (which could point anywhere): a clear error
 *   names the file and the fix. Windows has no mode bits; there the data dir's ACL protects it.
 * - A file that is not valid JSON is an error too, never silently replaced (it may hold the only
 *   copy of a token).
 * - Values live in a private field, so logging or inspecting the store shows none of them.
 */

import { lstat, readFile } from 'node:fs/promises'
import { VigilError } from '../../../shared/result'
import { secretRefSchema } from '../../../shared/secret-ref'
import { writeFileAtomic } from '../settings/atomic-file'
import type { SecretStore } from './secret-store'
import { errorText } from '../../../shared/utils/error-text'

const FORMAT_VERSION = 1
const MAX_SECRET_CHARS = 64 * 1024

interface SecretFile {
  version: number
  secrets: Record<string, string>
}

export class FileSecretStore implements SecretStore {
  readonly #values: Map<string, string>
  #writing: Promise<void> = Promise.resolve()

  private constructor(
    readonly path: string,
    values: Map<string, string>,
  ) {
    this.#values = values
  }

  /** Opens (or starts) the store; throws a VigilError the user can act on when it is unsafe. */
  static async open(path: string): Promise<FileSecretStore> {
    let info
    try {
      info = await lstat(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return new FileSecretStore(path, new Map())
      throw error
    }
    checkOwnerOnlyFile(path, info)
    return new FileSecretStore(path, parse(path, await readFile(path, 'utf8')))
  }

  async get(ref: string): Promise<string | undefined> {
    return this.#values.get(ref)
  }

  async set(ref: string, value: string): Promise<void> {
    if (!secretRefSchema.safeParse(ref).success) {
      throw new VigilError(
        'invalid-argument',
        `"${ref.slice(0, 100)}" is not a valid secret reference`,
      )
    }
    if (typeof value !== 'string' || value.length > MAX_SECRET_CHARS) {
      throw new VigilError(
        'invalid-argument',
        `a secret is text of at most ${MAX_SECRET_CHARS} characters`,
      )
    }
    this.#values.set(ref, value)
    await this.#save()
  }

  async delete(ref: string): Promise<void> {
    if (this.#values.delete(ref)) await this.#save()
  }

  async list(): Promise<string[]> {
    return [...this.#values.keys()].sort()
  }

  /** Writes are serialised; each one writes the whole map as it is when its turn comes. */
  #save(): Promise<void> {
    const write = this.#writing.then(() => {
      const file: SecretFile = {
        version: FORMAT_VERSION,
        secrets: Object.fromEntries([...this.#values].sort(([a], [b]) => (a < b ? -1 : 1))),
      }
      return writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 })
    })
    this.#writing = write.catch(() => {})
    return write
  }
}

/**
 * Throws a VigilError naming the fix unless `path` is a regular file only its owner (this user)
 * can read or write: the secrets file, and the headless host's session key.
 */
export function checkOwnerOnlyFile(path: string, info: Awaited<ReturnType<typeof lstat>>): void {
  if (info.isSymbolicLink()) {
    throw new VigilError(
      'forbidden',
      `${path} is a symbolic link; Vigil keeps secrets only in a regular file. Replace the link with the file itself.`,
    )
  }
  if (!info.isFile()) throw new VigilError('forbidden', `${path} is not a regular file`)
  if (process.platform === 'win32') return
  const mode = Number(info.mode) & 0o777
  if ((mode & 0o077) !== 0) {
    throw new VigilError(
      'forbidden',
      `${path} can be read or written by other users (mode ${mode.toString(8).padStart(4, '0')}); ` +
        `Vigil refuses to use it. Fix it with: chmod 600 "${path}"`,
    )
  }
  const uid = process.getuid?.()
  if (uid !== undefined && Number(info.uid) !== uid) {
    throw new VigilError(
      'forbidden',
      `${path} belongs to another user (uid ${info.uid}); Vigil uses only a secret file it owns`,
    )
  }
}

function parse(path: string, text: string): Map<string, string> {
  let file: unknown
  try {
    file = JSON.parse(text)
  } catch (error) {
    throw new VigilError(
      'invalid-argument',
      `${path} is not valid JSON (${errorText(error)}); it was left untouched`,
    )
  }
  const secrets = (file as Partial<SecretFile> | null)?.secrets
  const valid =
    (file as Partial<SecretFile> | null)?.version === FORMAT_VERSION &&
    secrets !== null &&
    typeof secrets === 'object' &&
    !Array.isArray(secrets) &&
    Object.values(secrets).every((value) => typeof value === 'string')
  if (!valid) {
    throw new VigilError(
      'invalid-argument',
      `${path} is not a Vigil secrets file (expected {"version":1,"secrets":{...}}); it was left untouched`,
    )
  }
  return new Map(Object.entries(secrets))
}
