/**
 * The config v1 document on disk. Loading validates it; a file that fails validation is never
 * silently replaced: it is renamed to a timestamped backup, reported with every problem, and
 * Vigil starts from the last good copy (kept beside it after every successful load or save).
 */

import { readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Config } from '../../../shared/config'
import type { ConfigProblem } from '../../../shared/domain'
import { writeFileAtomic } from './atomic-file'
import {
  CONFIG_MIGRATIONS,
  checkConfigDocument,
  type ConfigCheck,
  type ConfigMigration,
} from './config-migrations'

/** A temporary file older than this was left by a write that never finished (a crash). */
const STALE_TEMP_MS = 60_000

export type ConfigLoad =
  /** `migratedFrom`: the file was an older version, migrated (the original kept as `.v<n>`). */
  | { kind: 'loaded'; config: Config; migratedFrom?: number }
  | { kind: 'missing' }
  | { kind: 'invalid'; config: Config | null; problem: ConfigProblem }

export class ConfigFile {
  private writing: Promise<void> = Promise.resolve()

  constructor(
    readonly path: string,
    private readonly now: () => Date = () => new Date(),
    private readonly migrations: Readonly<Record<number, ConfigMigration>> = CONFIG_MIGRATIONS,
  ) {}

  get lastGoodPath(): string {
    return `${this.path}.last-good`
  }

  async load(): Promise<ConfigLoad> {
    await this.removeStaleTemporaries()
    const text = await readIfExists(this.path)
    if (text === null) return { kind: 'missing' }
    const checked = parseAndCheck(text, this.migrations)
    if (checked.ok && checked.from !== null) {
      // The original stays beside, in case the user goes back to the Vigil that wrote it.
      await writeFileAtomic(`${this.path}.v${checked.from}`, text)
      await this.save(checked.value)
      return { kind: 'loaded', config: checked.value, migratedFrom: checked.from }
    }
    if (checked.ok) {
      await this.keepLastGood(text)
      return { kind: 'loaded', config: checked.value }
    }
    const backupPath = `${this.path}.invalid-${this.now().toISOString().replace(/[:.]/g, '-')}`
    await rename(this.path, backupPath)
    const lastGoodText = await readIfExists(this.lastGoodPath)
    const lastGood = lastGoodText === null ? null : parseAndCheck(lastGoodText, this.migrations)
    const config = lastGood?.ok ? lastGood.value : null
    if (config) await this.save(config)
    return {
      kind: 'invalid',
      config,
      problem: { path: this.path, backupPath, issues: checked.issues, recovered: config !== null },
    }
  }

  /** Writes the document atomically; saves are serialised so they can never interleave. */
  save(config: Config): Promise<void> {
    const text = `${JSON.stringify(config, null, 2)}\n`
    const write = this.writing.then(async () => {
      await writeFileAtomic(this.path, text)
      await this.keepLastGood(text)
    })
    // A failed save must not poison the queue for the next one; the caller still sees the error.
    this.writing = write.catch(() => {})
    return write
  }

  private async keepLastGood(text: string): Promise<void> {
    await writeFileAtomic(this.lastGoodPath, text)
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

function parseAndCheck(
  text: string,
  migrations: Readonly<Record<number, ConfigMigration>>,
): ConfigCheck {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: '(file)', message: `not valid JSON: ${(error as Error).message}` }],
    }
  }
  return checkConfigDocument(json, migrations)
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}
