import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeStdioStream } from '../services/testing/fake-stdio'
import { StdioGuard } from '../services/logging/stdio-guard'
import { startAppLogging } from './app-log'

let userData: string
beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'vigil-app-log-'))
})
afterEach(async () => {
  await rm(userData, { recursive: true, force: true })
})

describe('startAppLogging', () => {
  it("logs to the logs folder of Electron's userData (the --data-dir profile or app data)", async () => {
    const asked: string[] = []
    const app = {
      getPath: (name: string) => {
        asked.push(name)
        return userData
      },
    }
    const stdout = new FakeStdioStream()
    const stdio = new StdioGuard({ stdout, stderr: new FakeStdioStream() })
    const { logger, file } = startAppLogging(app, stdio, '9.9.9')

    // A launcher that closed the app's stdout does not end it; the file says so.
    stdout.fail('EPIPE')
    logger.info('window shown')

    expect(asked).toEqual(['userData'])
    expect(file.path).toBe(join(userData, 'logs', 'vigil.log'))
    const text = await readFile(file.path, 'utf8')
    expect(text).toMatch(/INFO {2}Vigil 9\.9\.9 \(desktop\) starting; data: /)
    expect(text).toMatch(/WARN {2}stdout cannot be written: write EPIPE;/)
    expect(text).toMatch(/INFO {2}window shown\n$/)
  })
})
