/**
 * Vigil's log file: `<data-dir>/logs/vigil.log`, and when it passes its cap it becomes
 * `vigil.1.log` (the one before that `vigil.2.log`, and the oldest is deleted), so the logs of a
 * profile never take more than about LOG_FILES_KEPT × LOG_FILE_MAX_BYTES.
 *
 * Written through electron-log's plain-Node entry, `electron-log/node`, which never loads Electron
 * (the engine and the headless host use it; the desktop app uses the same code). Chosen over pino
 * with pino-roll because:
 * - each line is appended synchronously: the last lines before a crash or `process.exit` are on
 *   disk, and a line that fails (disk full) fails alone; the next line tries again, so the log
 *   resumes by itself when space returns. pino writes through sonic-boom asynchronously, or in a
 *   transport worker thread that a packaged app would have to unpack from its asar;
 * - it rotates by size under one fixed name (pino-roll numbers files upwards without end:
 *   vigil.1.log ... vigil.37.log, so "where is the log" has no fixed answer);
 * - it has no dependencies, and it is the logger most Electron apps ship.
 * Its own error reports (every failed line, on its default logger's console) are muted here; this
 * module reports the first failure of an episode and the recovery instead.
 */

import { mkdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import electronLog from 'electron-log/node'
import { errorText } from '../../../shared/utils/error-text'
import type { Logger } from '../util/logger'

export const LOG_FILE_NAME = 'vigil.log'
/** A file is rotated once it passes this size (the line that passes it is kept whole). */
export const LOG_FILE_MAX_BYTES = 5 * 1024 * 1024
/** vigil.log, vigil.1.log and vigil.2.log. */
export const LOG_FILES_KEPT = 3

export interface LogFileOptions {
  /** The folder of the log files, created (mode 0700) if missing. */
  dir: string
  maxBytes?: number
  /** Files kept, the current one included; at least 2. */
  keep?: number
  /** The first failed write of an episode (disk full, folder gone); never the ones after it. */
  onWriteError?: (message: string) => void
}

export interface LogFile extends Logger {
  /** The current file (the rotated ones sit beside it). */
  readonly path: string
}

// electron-log reports each failed write through the console of its default logger, whose file
// transport registered first. Vigil never logs through that logger; mute its console so a full
// disk does not print one line per failed log line.
electronLog.transports.console.writeFn = () => {}

/** Opens the log file; never throws, and no call on the returned logger ever throws. */
export function openLogFile(options: LogFileOptions): LogFile {
  const maxBytes = options.maxBytes ?? LOG_FILE_MAX_BYTES
  const keep = Math.max(2, options.keep ?? LOG_FILES_KEPT)
  const path = join(options.dir, LOG_FILE_NAME)
  const report = options.onWriteError ?? (() => {})
  try {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 })
  } catch (error) {
    report(`cannot create the log folder ${options.dir}: ${errorText(error)}`)
  }

  // One electron-log instance per file (its id is the path, so reopening one replaces it).
  const log = electronLog.create({ logId: `vigil:${path}` })
  log.transports.console.level = false
  const file = log.transports.file
  // Set, so electron-log never looks for a package.json to name the app (it throws without one).
  file.setAppName('Vigil')
  file.resolvePathFn = () => path
  file.maxSize = maxBytes
  file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' }
  // One transform, ours: the line exactly as formatLine words it (no printf-style expansion).
  file.transforms = [
    ({ data, message }: { data: unknown[]; message: { date: Date; level: string } }) =>
      formatLine(message.date, message.level, data.map(String).join(' ')),
  ]
  let pendingNote: string | undefined
  file.archiveLogFn = (current) => {
    try {
      shiftArchives(path, keep)
    } catch (error) {
      // Not renamed (on Windows another program may hold the file open): empty it, so the cap
      // still holds, and say so in the fresh file.
      current.clear()
      pendingNote = `could not rotate ${path} (${errorText(error)}); it was emptied instead`
    }
  }

  // Writes are synchronous, so a failure is known before the call returns.
  let failedNow: Error | undefined
  file.getFile().on('error', (error: Error) => (failedNow ??= error))
  let lost = 0

  const write = (level: 'info' | 'warn' | 'error', text: string) => {
    failedNow = undefined
    try {
      log[level](text)
    } catch (error) {
      // electron-log catches its own transport errors; this is for anything it does not.
      failedNow = error instanceof Error ? error : new Error(errorText(error))
    }
    if (failedNow) {
      if (lost === 0) report(`cannot write the log file ${path}: ${failedNow.message}`)
      lost++
      return
    }
    if (lost > 0) {
      const count = lost
      lost = 0
      write('warn', `the log file could not be written for a while: ${count} lines were lost`)
    }
    if (pendingNote !== undefined) {
      const note = pendingNote
      pendingNote = undefined
      write('warn', note)
    }
  }

  return {
    path,
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message) => write('error', message),
  }
}

/** `vigil.log` → `vigil.1.log` → `vigil.2.log` ...; the file past `keep` is overwritten. */
function shiftArchives(path: string, keep: number): void {
  const archive = (n: number) => (n === 0 ? path : path.replace(/\.log$/, `.${n}.log`))
  for (let n = keep - 1; n >= 1; n--) {
    try {
      renameSync(archive(n - 1), archive(n))
    } catch (error) {
      // A missing older archive is normal (the first rotations); the current file is not.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || n === 1) throw error
    }
  }
}

const LEVEL_LABEL: Record<string, string> = { info: 'INFO ', warn: 'WARN ', error: 'ERROR' }

/**
 * `2025-06-01T12:00:00.000Z WARN  text`. Messages can quote what a stream sent (a server's error
 * text), so control characters are shown escaped and continuation lines are indented: a hostile
 * message can neither colour a terminal that shows the log nor forge a line of its own.
 */
export function formatLine(date: Date, level: string, text: string): string {
  const safe = text
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${hex(c)}`)
    .replace(/\n/g, '\n    ')
  return `${date.toISOString()} ${LEVEL_LABEL[level] ?? level.toUpperCase()} ${safe}`
}

function hex(char: string): string {
  return char.charCodeAt(0).toString(16).padStart(2, '0')
}
