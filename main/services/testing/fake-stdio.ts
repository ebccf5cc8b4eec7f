/**
 * A stand-in for process.stdout or process.stderr: records what is written, throws on write when
 * told, and emits 'error' when a test makes it (as a pipe whose reader left does). Test-only.
 */

import { EventEmitter } from 'node:events'
import type { StdioStream } from '../logging/stdio-guard'

export class FakeStdioStream extends EventEmitter implements StdioStream {
  readonly written: string[] = []
  throwOnWrite: Error | undefined

  write(text: string): boolean {
    if (this.throwOnWrite) throw this.throwOnWrite
    this.written.push(text)
    return true
  }

  /** Fails as Node's stdio does: an 'error' event carrying an errno code. */
  fail(code: string, message = `write ${code}`): void {
    this.emit('error', Object.assign(new Error(message), { code }))
  }
}
