import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigFile } from './config-file'
import {
  checkConfigDocument,
  migrateConfigDocument,
  type ConfigMigration,
} from './config-migrations'

// A made-up history: version 0 called sources "feeds"; version 1 renamed them.
const registry: Record<number, ConfigMigration> = {
  0: ({ feeds, ...rest }) => ({ ...rest, sources: feeds }),
}
const v0 = {
  version: 0,
  feeds: [{ id: 'a', name: 'A', preset: 'generic', url: 'ws://127.0.0.1:1/' }],
}

describe('migrateConfigDocument', () => {
  it('runs each step from the document version up to the current one', () => {
    const outcome = migrateConfigDocument(v0, registry)
    expect(outcome).toEqual({
      ok: true,
      from: 0,
      document: { version: 1, sources: v0.feeds },
    })
    expect(v0).toHaveProperty('feeds')
  })

  it('leaves a current document alone', () => {
    const current = { version: 1, sources: [] }
    expect(migrateConfigDocument(current, registry)).toEqual({
      ok: true,
      document: current,
      from: null,
    })
  })

  it('refuses a document from a newer Vigil, and versions it has no step for', () => {
    expect(migrateConfigDocument({ version: 7 }, registry)).toEqual({
      ok: false,
      issues: [
        {
          path: 'version',
          message: expect.stringMatching(/version 7 was written by a newer Vigil/),
        },
      ],
    })
    expect(migrateConfigDocument({ version: -1 }, registry)).toEqual({
      ok: false,
      issues: [{ path: 'version', message: 'version -1 is not a config version Vigil can read' }],
    })
    expect(migrateConfigDocument([1], registry)).toMatchObject({ ok: false })
  })

  it('lets validation report a missing version', () => {
    const checked = checkConfigDocument({ sources: [] }, registry)
    expect(checked).toMatchObject({ ok: false, issues: [{ path: 'version' }] })
  })
})

describe('ConfigFile with migrations', () => {
  it('migrates an older file on load, keeping the original beside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-migrate-'))
    try {
      const path = join(dir, 'config.json')
      const original = JSON.stringify(v0)
      await writeFile(path, original)
      const loaded = await new ConfigFile(path, { migrations: registry }).load()
      expect(loaded).toMatchObject({ kind: 'loaded', migratedFrom: 0 })
      expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({
        version: 1,
        sources: [{ id: 'a', enabled: true, headers: {} }],
      })
      expect(await readFile(`${path}.v0`, 'utf8')).toBe(original)
      // Loaded again, it is current and stays as it is.
      expect(await new ConfigFile(path, { migrations: registry }).load()).not.toHaveProperty(
        'migratedFrom',
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
