import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MAX_CA_FILE_BYTES, readCaFile } from './ca-file'

const certificate = readFileSync(join(import.meta.dirname, '../testing/tls/loopback-cert.pem'))

describe('readCaFile', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-ca-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('reads a file of PEM certificates, with whatever text surrounds them', async () => {
    const path = join(dir, 'bundle.pem')
    const bundle = Buffer.concat([Buffer.from('# my CA\n'), certificate, certificate])
    await writeFile(path, bundle)
    expect(await readCaFile(path)).toEqual(bundle)
  })

  it('refuses every unusable path with the same words, never saying whether it exists', async () => {
    const paths: Record<string, (path: string) => Promise<void>> = {
      missing: async () => {},
      directory: (path) => mkdir(path),
      'too large': (path) =>
        writeFile(path, Buffer.concat([certificate, Buffer.alloc(MAX_CA_FILE_BYTES)])),
      'not PEM': (path) => writeFile(path, 'hello'),
      'a broken certificate': (path) =>
        writeFile(path, '-----BEGIN CERTIFICATE-----\nzzzz\n-----END CERTIFICATE-----\n'),
      'a private key only': (path) =>
        writeFile(path, readFileSync(join(import.meta.dirname, '../testing/tls/loopback-key.pem'))),
      empty: (path) => writeFile(path, ''),
      ...(process.platform === 'win32'
        ? {}
        : {
            'a named pipe': async (path: string) => {
              execFileSync('mkfifo', [path])
            },
            'a device': (path: string) => symlink('/dev/zero', path),
          }),
    }
    for (const [name, make] of Object.entries(paths)) {
      const path = join(dir, `${name}.pem`)
      await make(path)
      const refused = await readCaFile(path).then(
        () => null,
        (error: Error & { kind?: string; hard?: boolean }) => error,
      )
      expect(refused, name).toMatchObject({
        kind: 'config',
        hard: true,
        message:
          `cannot use this file as a CA certificate: ${path} (tls.caFile must be a readable ` +
          'file of PEM certificates, at most 1 MB)',
      })
    }
  })
})
