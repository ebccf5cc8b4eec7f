/**
 * The config v1 document on disk. Loading validates it; a file that fails validation is never
 * silently replaced: it is renamed to a timestamped backup, reported with every problem, and
 * Vigil starts from the last good copy (kept beside it after every successful load or save).
 * A path that is not a regular file (a directory, a named pipe, a device) or is larger than
 * MAX_CONFIG_FILE_BYTES is such a bad file too: moved aside unread, never an exit.
 */

import { readdir, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Config } from '../../../shared/config'
import type { ConfigProblem } from '../../../shared/domain'
import { VigilError, type Issue } from '../../../shared/result'
import { megabytes, readBoundedFile, RefusedFileError } from '../files/bounded-read'
import { writeFileAtomic } from './atomic-file'
import { disableUnrunnableTriggers, type DisabledTrigger } from './unrunnable-triggers'
import {
  CONFIG_MIGRATIONS,
  checkConfigDocument,
  type ConfigCheck,
  type ConfigMigration,
} from './config-migrations'
import { errorText } from '../../../shared/utils/error-text'

/** A temporary file older than this was left by a write that never finished (a crash). */
const STALE_TEMP_MS = 60_000

/**
 * Far more than any real config (a thousand sources with long subscriptions is under 2 MiB), and
 * small enough that reading a wrong file (a log, a disk image) cannot eat the memory.
 */
export const MAX_CONFIG_FILE_BYTES = 16 * 1024 * 1024

export interface ConfigFileOptions {
  now?: () => Date
  migrations?: Readonly<Record<number, ConfigMigration>>
  /** Replaces a file atomically (default writeFileAtomic); tests inject one that fails. */
  write?: (path: string, text: string) => Promise<void>
}

export type ConfigLoad =
  /** `migratedFrom`: the file was an older version, migrated (the original kept as `.v<n>`). */
  | {
      kind: 'loaded'
      config: Config
      migratedFrom?: number
      /** Triggers disabled on load: their patterns cannot run (see unrunnable-triggers.ts). */
      disabledTriggers?: DisabledTrigger[]
    }
  | { kind: 'missing' }
  | { kind: 'invalid'; config: Config | null; problem: ConfigProblem }

export class ConfigFile {
  private writing: Promise<void> = Promise.resolve()
  private readonly now: () => Date
  private readonly migrations: Readonly<Record<number, ConfigMigration>>
  private readonly write: (path: string, text: string) => Promise<void>

  constructor(
    readonly path: string,
    options: ConfigFileOptions = {},
  ) {
    this.now = options.now ?? (() => new Date())
    this.migrations = options.migrations ?? CONFIG_MIGRATIONS
    this.write = options.write ?? ((path, text) => writeFileAtomic(path, text))
  }

  get lastGoodPath(): string {
    return `${this.path}.last-good`
  }

  async load(): Promise<ConfigLoad> {
    await this.removeStaleTemporaries()
    const read = await readConfigFile(this.path)
    if (read === null) return { kind: 'missing' }
    if (typeof read !== 'string') return this.setAside([read])
    const disabled: DisabledTrigger[] = []
    const checked = parseAndCheck(read, this.migrations, disabled)
    if (!checked.ok) return this.setAside(checked.issues)
    const repaired = disabled.length > 0 ? { disabledTriggers: disabled } : {}
    if (checked.from !== null) {
      // The original stays beside, in case the user goes back to the Vigil that wrote it.
      await this.write(`${this.path}.v${checked.from}`, read)
      await this.save(checked.value)
      return { kind: 'loaded', config: checked.value, migratedFrom: checked.from, ...repaired }
    }
    await this.keepLastGood(read)
    return { kind: 'loaded', config: checked.value, ...repaired }
  }

  /** Moves the bad file aside (a directory or a named pipe too, untouched) for the last good copy. */
  private async setAside(issues: Issue[]): Promise<ConfigLoad> {
    const backupPath = `${this.path}.invalid-${this.now().toISOString().replace(/[:.]/g, '-')}`
    await rename(this.path, backupPath)
    const lastGoodText = await readConfigFile(this.lastGoodPath)
    const lastGood =
      typeof lastGoodText === 'string' ? parseAndCheck(lastGoodText, this.migrations) : null
    const config = lastGood?.ok ? lastGood.value : null
    if (config) await this.save(config)
    return {
      kind: 'invalid',
      config,
      problem: { path: this.path, backupPath, issues, recovered: config !== null },
    }
  }

  /**
   * Writes the document atomically; saves are serialised so they can never interleave. The last
   * good copy is written first: if either write fails (a full disk), the file is still the old
   * document, so the caller can keep running on it (the copy is valid either way).
   */
  save(config: Config): Promise<void> {
    const text = `${JSON.stringify(config, null, 2)}\n`
    const bytes = Buffer.byteLength(text)
    if (bytes > MAX_CONFIG_FILE_BYTES)
      return Promise.reject(
        new VigilError(
          'invalid-argument',
          `the config would take ${megabytes(bytes)} MB, more than the ${megabytes(MAX_CONFIG_FILE_BYTES)} MB a config file may hold`,
        ),
      )
    const write = this.writing.then(async () => {
      await this.keepLastGood(text)
      await this.write(this.path, text)
    })
    // A failed save must not poison the queue for the next one; the caller still sees the error.
    this.writing = write.catch(() => {})
    return write
  }

  private async keepLastGood(text: string): Promise<void> {
    await this.write(this.lastGoodPath, text)
  }

  /** Temporary files of writes cut short by a crash (the target itself was never touched). */
  private async removeStaleTemporaries(): Promise<void> {
    const dir = dirname(this.path)
    const prefix = `.${basename(this.path)}.`
    let names: string[]
    try {
      names = await readdir(dir)
    } catch {
      return
    }
    const now = this.now().getTime()
    for (const name of names) {
      if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue
      const path = join(dir, name)
      const info = await stat(path).catch(() => null)
      // A young one may belong to a save in progress in this very process.
      if (info && now - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true })
    }
  }
}

/** Parses and checks a file's text; triggers it had to disable are added to `disabled`. */
function parseAndCheck(
  text: string,
  migrations: Readonly<Record<number, ConfigMigration>>,
  disabled: DisabledTrigger[] = [],
): ConfigCheck {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: '(file)', message: `not valid JSON: ${errorText(error)}` }],
    }
  }
  disabled.push(...disableUnrunnableTriggers(json))
  return checkConfigDocument(json, migrations)
}

/**
 * The file's text; null when there is none; the problem when it is not a regular file of at most
 * MAX_CONFIG_FILE_BYTES (read unopened by anything that could block or eat memory, see
 * bounded-read.ts). Other errors (no permission) are thrown: moving the file would not fix them.
 */
async function readConfigFile(path: string): Promise<string | Issue | null> {
  try {
    return (await readBoundedFile(path, MAX_CONFIG_FILE_BYTES)).toString('utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return null
    // Windows refuses to open a directory at all.
    if (error instanceof RefusedFileError || code === 'EISDIR')
      return { path: '(file)', message: `not a config file: ${refusal(error)}` }
    throw error
  }
}

function refusal(error: unknown): string {
  return error instanceof RefusedFileError ? error.message : 'it is not a regular file'
}
