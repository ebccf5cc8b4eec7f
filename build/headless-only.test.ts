import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { exclusionPattern, headlessOnlyPackages, type Lockfile } from './headless-only'

const root = new URL('..', import.meta.url)
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as Lockfile
const builderYml = readFileSync(new URL('electron-builder.yml', root), 'utf8')

describe('what only the headless host ships', () => {
  it('is the web server and what only it pulls in, never a package the desktop app uses', () => {
    const keys = headlessOnlyPackages(lock)
    expect(keys).toEqual(
      expect.arrayContaining(['node_modules/fastify', 'node_modules/@fastify/static']),
    )
    for (const desktop of ['ws', 'zod', 'electron-updater', 'electron-log', 'undici', 're2js'])
      expect(keys, desktop).not.toContain(`node_modules/${desktop}`)
  })

  it('is what electron-builder.yml leaves out of the installer (update the list when this fails)', () => {
    const listed = [...builderYml.matchAll(/^ {2}- '(!node_modules\/[^']+)'$/gm)].map((m) => m[1])
    expect(listed).toEqual(headlessOnlyPackages(lock).map(exclusionPattern))
  })

  it('follows Node resolution: a nested copy is found before the hoisted one', () => {
    const lockfile: Lockfile = {
      packages: {
        '': { dependencies: { fastify: '1', app: '1' } },
        'node_modules/fastify': { dependencies: { util: '2', shared: '1' } },
        'node_modules/fastify/node_modules/util': {},
        'node_modules/app': { dependencies: { util: '1', shared: '1' } },
        'node_modules/util': {},
        'node_modules/shared': {},
      },
    }
    expect(headlessOnlyPackages(lockfile)).toEqual([
      'node_modules/fastify',
      'node_modules/fastify/node_modules/util',
    ])
  })
})
