import { EventEmitter } from 'node:events'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StdioGuard, type StdioStream } from '../services/logging/stdio-guard'
import { startAppLogging } from './app-log'

class FakeStream extends EventEmitter implements StdioStream {
  readonly written: string[] = []
  write(text: string): boolean {
    this.written.push(text)
    return true
  }
}

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
    const stdout = new FakeStream()
    const stdio = new StdioGuard({ stdout, stderr: new FakeStream() })
    const { logger, file } = startAppLogging(app, stdio, '9.9.9')

    // A launcher that closed the app's stdout does not end it; the file says so.
    stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))
    logger.info('window shown')

    expect(asked).toEqual(['userData'])
    expect(file.path).toBe(join(userData, 'logs', 'vigil.log'))
    const text = await readFile(file.path, 'utf8')
    expect(text).toMatch(/INFO {2}Vigil 9\.9\.9 \(desktop\) starting; data: /)
    expect(text).toMatch(/WARN {2}stdout cannot be written: write EPIPE;/)
    expect(text).toMatch(/INFO {2}window shown\n$/)
  })
})
