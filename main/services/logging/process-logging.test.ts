import { mkdtemp, readFile, rm, symlink, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeStdioStream } from '../testing/fake-stdio'
import { redactUrl } from '../util/logger'
import { logDirectory, startProcessLogging } from './process-logging'
import { StdioGuard } from './stdio-guard'

let dataDir: string
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-process-logging-'))
})
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

function start() {
  const stdout = new FakeStdioStream()
  const stderr = new FakeStdioStream()
  const stdio = new StdioGuard({ stdout, stderr })
  const logging = startProcessLogging({ dataDir, stdio })
  const fileText = () => readFile(join(logDirectory(dataDir), 'vigil.log'), 'utf8')
  return { stdout, stderr, logging, fileText }
}

describe('startProcessLogging', () => {
  it('logs each line to the console and to <data-dir>/logs/vigil.log', async () => {
    const { stdout, stderr, logging, fileText } = start()
    expect(logging.file.path).toBe(join(dataDir, 'logs', 'vigil.log'))
    logging.logger.info('first run: created config.json')
    logging.logger.warn('source "A": 401; retrying in 30 s')

    expect(stdout.written).toEqual(['[vigil] first run: created config.json\n'])
    expect(stderr.written).toEqual(['[vigil] source "A": 401; retrying in 30 s\n'])
    expect(await fileText()).toMatch(
      /Z INFO {2}first run: created config\.json\n.*Z WARN {2}source "A": 401; retrying in 30 s\n$/,
    )
  })

  it('writes what callers pass, which keeps secrets out: URLs are logged redacted', async () => {
    const { logging, fileText } = start()
    const url = 'wss://user:hunter2@example.test/stream?token=s3cr3t-t0ken&world=1'
    logging.logger.info(`source "A": now on ${redactUrl(url)}`)
    const text = await fileText()
    expect(text).toContain('now on wss://***:***@example.test/stream?token=***&world=***')
    expect(text).not.toMatch(/hunter2|s3cr3t-t0ken/)
  })

  it('notes a console that failed in the file only, and goes on logging to both', async () => {
    const { stdout, stderr, logging, fileText } = start()
    stdout.fail('EPIPE')
    logging.logger.info('after the reader left')
    logging.logger.error('an error')

    expect(stdout.written).toEqual([])
    expect(stderr.written).toEqual(['[vigil] an error\n'])
    const text = await fileText()
    expect(text).toMatch(/WARN {2}stdout cannot be written: write EPIPE;/)
    expect(text).toMatch(/INFO {2}after the reader left/)
  })

  it.skipIf(process.platform !== 'linux')(
    'says on stderr, once, that the log file cannot be written',
    async () => {
      const { stderr, logging } = start()
      await unlink(logging.file.path).catch(() => {})
      await symlink('/dev/full', logging.file.path)
      logging.logger.warn('one')
      logging.logger.warn('two')
      expect(stderr.written).toEqual([
        '[vigil] one\n',
        expect.stringMatching(/^\[vigil\] cannot write the log file .*ENOSPC/),
        '[vigil] two\n',
      ])
    },
  )
})
