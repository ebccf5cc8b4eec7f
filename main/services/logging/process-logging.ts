/**
 * The logger a Vigil process runs with (the desktop app and the headless host alike): every line
 * goes to the log file in the data directory and to the console (info to stdout, warnings and
 * errors to stderr), and neither a failing console nor a failing file can throw into the caller
 * or end the process.
 */

import { join } from 'node:path'
import type { Logger } from '../util/logger'
import { openLogFile, type LogFile, type LogFileOptions } from './log-file'
import type { StdioGuard } from './stdio-guard'

export interface ProcessLogging {
  /** Console and file: what the engine and the glue log through. */
  logger: Logger
  /** The file alone: lines the console already shows in its own words, or must not show. */
  file: LogFile
}

export interface ProcessLoggingOptions {
  dataDir: string
  /** Installed at the very start of the process, before anything is printed. */
  stdio: StdioGuard
  /** Size and count of the log files (tests use a small cap). */
  limits?: Pick<LogFileOptions, 'maxBytes' | 'keep'>
}

/** `<data-dir>/logs`: where the log files live. */
export function logDirectory(dataDir: string): string {
  return join(dataDir, 'logs')
}

export function startProcessLogging(options: ProcessLoggingOptions): ProcessLogging {
  const { stdio } = options
  const file = openLogFile({
    dir: logDirectory(options.dataDir),
    ...options.limits,
    // Said on stderr: the file is what cannot take it.
    onWriteError: (message) => stdio.writeLine('stderr', `[vigil] ${message}`),
  })
  // A console that failed is noted in the file (and only there: the console is what failed).
  stdio.reportTo((message) => file.warn(message))
  const consoleLines: Logger = {
    info: (message) => stdio.writeLine('stdout', `[vigil] ${message}`),
    warn: (message) => stdio.writeLine('stderr', `[vigil] ${message}`),
    error: (message) => stdio.writeLine('stderr', `[vigil] ${message}`),
  }
  return { logger: teeLogger(consoleLines, file), file }
}

/** Hands every line to each logger in turn. */
export function teeLogger(...loggers: Logger[]): Logger {
  return {
    info: (message) => loggers.forEach((logger) => logger.info(message)),
    warn: (message) => loggers.forEach((logger) => logger.warn(message)),
    error: (message) => loggers.forEach((logger) => logger.error(message)),
  }
}
