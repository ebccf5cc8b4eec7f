import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { StdioGuard, type StdioStream } from './stdio-guard'

/** A stdio stream that records what is written, and fails as told. */
class FakeStream extends EventEmitter implements StdioStream {
  readonly written: string[] = []
  throwOnWrite: Error | undefined
  write(text: string): boolean {
    if (this.throwOnWrite) throw this.throwOnWrite
    this.written.push(text)
    return true
  }
}

const errno = (code: string) => Object.assign(new Error(`write ${code}`), { code })

function guarded() {
  const stdout = new FakeStream()
  const stderr = new FakeStream()
  return { stdout, stderr, guard: new StdioGuard({ stdout, stderr }) }
}

describe('StdioGuard', () => {
  it('turns the error that would end the process into a note, and drops that stream after it', () => {
    const { stdout, stderr, guard } = guarded()
    const notes: string[] = []
    guard.reportTo((message) => notes.push(message))
    guard.writeLine('stdout', 'first')

    // Without a listener, emitting 'error' throws: that is what ends the process.
    expect(() => stdout.emit('error', errno('EPIPE'))).not.toThrow()
    expect(() => stdout.emit('error', errno('EPIPE'))).not.toThrow()
    guard.writeLine('stdout', 'second')
    guard.writeLine('stderr', 'still here')

    expect(stdout.written).toEqual(['first\n'])
    expect(stderr.written).toEqual(['still here\n'])
    expect(guard.isBroken('stdout')).toBe(true)
    expect(guard.isBroken('stderr')).toBe(false)
    expect(notes).toEqual([
      'stdout cannot be written: write EPIPE; Vigil keeps running and drops its stdout output from now on',
    ])
  })

  it('notes each stream once, holding what failed before it had somewhere to note it', () => {
    const { stdout, stderr, guard } = guarded()
    stderr.emit('error', errno('EIO'))
    stdout.emit('error', Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }))
    stderr.emit('error', errno('EIO'))

    const notes: string[] = []
    guard.reportTo((message) => notes.push(message))
    expect(notes).toEqual([
      expect.stringMatching(/^stderr cannot be written: write EIO;/),
      expect.stringMatching(/^stdout cannot be written: ENOSPC: no space left on device;/),
    ])
  })

  it('catches a stream that throws instead of emitting', () => {
    const { stdout, guard } = guarded()
    const notes: string[] = []
    guard.reportTo((message) => notes.push(message))
    stdout.throwOnWrite = errno('EBADF')
    expect(() => guard.writeLine('stdout', 'x')).not.toThrow()
    expect(guard.isBroken('stdout')).toBe(true)
    expect(notes).toEqual([expect.stringMatching(/^stdout cannot be written: write EBADF;/)])
  })

  it('keeps a real stream that was destroyed by a write error from ending the process', async () => {
    // A Node stream that fails as a pipe whose reader left does: asynchronously, with 'error'.
    const stdout = new PassThrough({
      write(_chunk, _encoding, done) {
        done(errno('EPIPE'))
      },
    })
    const guard = new StdioGuard({ stdout, stderr: new FakeStream() })
    const notes: string[] = []
    guard.reportTo((message) => notes.push(message))
    guard.writeLine('stdout', 'to nobody')
    await new Promise((resolve) => setImmediate(resolve))
    // The stream is destroyed now; console.log on it would write again, and fail again.
    stdout.write('after\n')
    await new Promise((resolve) => setImmediate(resolve))
    expect(stdout.destroyed).toBe(true)
    expect(notes).toHaveLength(1)
    guard.dispose()
    expect(stdout.listenerCount('error')).toBe(0)
  })
})
