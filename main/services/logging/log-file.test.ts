import { mkdtemp, readdir, readFile, rm, stat, symlink, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatLine, LOG_FILE_MAX_BYTES, LOG_FILES_KEPT, openLogFile } from './log-file'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-log-file-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const lines = async (name: string) =>
  (await readFile(join(dir, 'logs', name), 'utf8')).split('\n').filter(Boolean)

describe('openLogFile', () => {
  it('writes ISO-timestamped lines with their level to logs/vigil.log, mode 0600', async () => {
    const log = openLogFile({ dir: join(dir, 'logs') })
    expect(log.path).toBe(join(dir, 'logs', 'vigil.log'))
    log.info('started')
    log.warn('source "A": retrying')
    log.error('history: a write batch failed')

    const written = await lines('vigil.log')
    expect(written).toHaveLength(3)
    expect(written[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO {2}started$/)
    expect(written[1]).toMatch(/Z WARN {2}source "A": retrying$/)
    expect(written[2]).toMatch(/Z ERROR history: a write batch failed$/)
    if (process.platform !== 'win32') {
      expect((await stat(log.path)).mode & 0o777).toBe(0o600)
      expect((await stat(join(dir, 'logs'))).mode & 0o777).toBe(0o700)
    }
  })

  it('keeps 3 files of 5 MiB by default', () => {
    expect(LOG_FILE_MAX_BYTES).toBe(5 * 1024 * 1024)
    expect(LOG_FILES_KEPT).toBe(3)
  })

  it('rotates at its cap into vigil.1.log and vigil.2.log, dropping the oldest lines', async () => {
    const maxBytes = 1_000
    const log = openLogFile({ dir: join(dir, 'logs'), maxBytes, keep: 3 })
    // Each line is about 60 bytes: 200 of them fill the three files several times over.
    for (let i = 0; i < 200; i++) log.info(`line ${String(i).padStart(3, '0')} ${'x'.repeat(20)}`)

    expect((await readdir(join(dir, 'logs'))).sort()).toEqual([
      'vigil.1.log',
      'vigil.2.log',
      'vigil.log',
    ])
    const numbers = async (name: string) =>
      (await lines(name)).map((line) => Number(/line (\d+)/.exec(line)![1]))
    const [oldest, older, newest] = [
      await numbers('vigil.2.log'),
      await numbers('vigil.1.log'),
      await numbers('vigil.log'),
    ]
    // In order across the files, the newest last, with nothing missing in between.
    expect([...oldest!, ...older!, ...newest!]).toEqual(
      Array.from(
        { length: oldest!.length + older!.length + newest!.length },
        (_, i) => i + oldest![0]!,
      ),
    )
    expect(newest!.at(-1)).toBe(199)
    expect(oldest![0]).toBeGreaterThan(0)
    for (const name of ['vigil.log', 'vigil.1.log', 'vigil.2.log']) {
      // A file rotates once it passes the cap, so it holds at most the cap plus one line.
      expect((await stat(join(dir, 'logs', name))).size).toBeLessThanOrEqual(maxBytes + 100)
    }
  })

  it('goes on from an existing file, rotating it when it is already past the cap', async () => {
    openLogFile({ dir: join(dir, 'logs'), maxBytes: 300 }).info('x'.repeat(400))
    const reopened = openLogFile({ dir: join(dir, 'logs'), maxBytes: 300 })
    reopened.info('after a restart')
    expect(await lines('vigil.log')).toEqual([expect.stringMatching(/INFO {2}after a restart$/)])
    expect(await lines('vigil.1.log')).toEqual([expect.stringMatching(/x{400}$/)])
  })

  it.skipIf(process.platform !== 'linux')(
    'on a full disk never throws, reports the failure once, and resumes when space returns',
    async () => {
      const logs = join(dir, 'logs')
      const reports: string[] = []
      const log = openLogFile({ dir: logs, onWriteError: (message) => reports.push(message) })
      log.info('before')
      // The file becomes a device that answers every write with ENOSPC.
      await unlink(log.path)
      await symlink('/dev/full', log.path)
      expect(() => {
        log.info('lost 1')
        log.warn('lost 2')
        log.error('lost 3')
      }).not.toThrow()
      expect(reports).toEqual([expect.stringMatching(/^cannot write the log file .*ENOSPC/)])

      // Space returns (here: a regular file again).
      await unlink(log.path)
      log.info('after')
      expect(await lines('vigil.log')).toEqual([
        expect.stringMatching(/INFO {2}after$/),
        expect.stringMatching(
          /WARN {2}the log file could not be written for a while: 3 lines were lost$/,
        ),
      ])
      expect(reports).toHaveLength(1)
    },
  )

  it('never throws when its folder cannot be created, and says so', () => {
    const reports: string[] = []
    // A folder inside a file cannot exist.
    const log = openLogFile({
      dir: join(import.meta.filename, 'logs'),
      onWriteError: (message) => reports.push(message),
    })
    expect(() => log.error('nowhere to go')).not.toThrow()
    expect(reports[0]).toMatch(/^cannot create the log folder/)
  })
})

describe('formatLine', () => {
  const at = new Date('2025-06-01T12:00:00.000Z')

  it('escapes control characters and indents continuation lines', () => {
    // A server's error text quoted in a message: terminal colours and a forged line of its own.
    const hostile =
      'bad frame \u001b[31mred\u001b[0m\r\n2025-06-01T12:00:00.000Z ERROR forged\u0007'
    expect(formatLine(at, 'warn', hostile)).toBe(
      '2025-06-01T12:00:00.000Z WARN  bad frame \\x1b[31mred\\x1b[0m\n' +
        '    2025-06-01T12:00:00.000Z ERROR forged\\x07',
    )
  })

  it('keeps tabs and printable text as they are', () => {
    expect(formatLine(at, 'info', 'a\tb ünïcødé %s %%')).toBe(
      '2025-06-01T12:00:00.000Z INFO  a\tb ünïcødé %s %%',
    )
  })
})
