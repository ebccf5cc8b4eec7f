/**
 * Keeps a broken stdout or stderr from ending the process.
 *
 * A reader that went away (`npm run headless | head -1`: EPIPE), a full disk under a redirect
 * (`> out.txt`: ENOSPC) or a closed terminal (EIO) makes Node's stdio stream emit 'error', and an
 * 'error' event nobody listens to ends the process with exit code 1. Vigil is a monitor left
 * running: its output is a courtesy, never a reason to stop. So each stream gets a listener for
 * good; the first failure of each is noted (to the log file, once it is open) and everything after
 * it is dropped, since Node destroys a stream that failed and it cannot recover.
 */

import type { EventEmitter } from 'node:events'
import { errorText } from '../../../shared/utils/error-text'

export type StdioName = 'stdout' | 'stderr'

/** What the guard needs of a stream: its 'error' events, and a `write` for the console logger. */
export interface StdioStream extends EventEmitter {
  write(text: string): unknown
}

export class StdioGuard {
  private readonly failed = new Map<StdioName, string>()
  private readonly held: string[] = []
  private report: ((message: string) => void) | undefined
  private readonly listeners: [StdioStream, (error: Error) => void][] = []

  constructor(readonly streams: Readonly<Record<StdioName, StdioStream>>) {
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = streams[name]
      const listener = (error: Error) => this.failure(name, error)
      stream.on('error', listener)
      this.listeners.push([stream, listener])
    }
  }

  /** Whether writing to this stream is pointless: it failed once, and stays failed. */
  isBroken(name: StdioName): boolean {
    return this.failed.has(name)
  }

  /** Writes a line unless the stream has failed; never throws. */
  writeLine(name: StdioName, text: string): void {
    if (this.failed.has(name)) return
    try {
      this.streams[name].write(`${text}\n`)
    } catch (error) {
      // Most streams report failures as 'error' events; this catches one that throws instead.
      this.failure(name, error instanceof Error ? error : new Error(errorText(error)))
    }
  }

  /** Where first failures are noted; the ones that happened before this are handed over now. */
  reportTo(report: (message: string) => void): void {
    this.report = report
    for (const message of this.held.splice(0)) report(message)
  }

  /** Removes the listeners (tests; a process keeps its guard until it exits). */
  dispose(): void {
    for (const [stream, listener] of this.listeners) stream.off('error', listener)
    this.listeners.length = 0
  }

  private failure(name: StdioName, error: Error): void {
    if (this.failed.has(name)) return
    const code = (error as NodeJS.ErrnoException).code
    const reason =
      code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message
    this.failed.set(name, reason)
    const message = `${name} cannot be written: ${reason}; Vigil keeps running and drops its ${name} output from now on`
    if (this.report) this.report(message)
    else this.held.push(message)
  }
}
