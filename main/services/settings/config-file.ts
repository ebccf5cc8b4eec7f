/**
 * The config v1 document on disk. Loading validates it; a file that fails validation is never
 * silently replaced: it is renamed to a timestamped backup, reported with every problem, and
 * Vigil starts from the last good copy (kept beside it after every successful load or save).
 */

import { readFile, rename } from 'node:fs/promises'
import { validateConfig, type Config } from '../../../shared/config'
import type { ConfigProblem } from '../../../shared/domain'
import { writeFileAtomic } from './atomic-file'

export type ConfigLoad =
  | { kind: 'loaded'; config: Config }
  | { kind: 'missing' }
  | { kind: 'invalid'; config: Config | null; problem: ConfigProblem }

export class ConfigFile {
  private writing: Promise<void> = Promise.resolve()

  constructor(
    readonly path: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get lastGoodPath(): string {
    return `${this.path}.last-good`
  }

  async load(): Promise<ConfigLoad> {
    const text = await readIfExists(this.path)
    if (text === null) return { kind: 'missing' }
    const issues = parseAndValidate(text)
    if (issues.ok) {
      await this.keepLastGood(text)
      return { kind: 'loaded', config: issues.value }
    }
    const backupPath = `${this.path}.invalid-${this.now().toISOString().replace(/[:.]/g, '-')}`
    await rename(this.path, backupPath)
    const lastGoodText = await readIfExists(this.lastGoodPath)
    const lastGood = lastGoodText === null ? null : parseAndValidate(lastGoodText)
    const config = lastGood?.ok ? lastGood.value : null
    if (config) await this.save(config)
    return {
      kind: 'invalid',
      config,
      problem: { path: this.path, backupPath, issues: issues.issues, recovered: config !== null },
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
}

function parseAndValidate(text: string): ReturnType<typeof validateConfig> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: '(file)', message: `not valid JSON: ${(error as Error).message}` }],
    }
  }
  return validateConfig(json)
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}
