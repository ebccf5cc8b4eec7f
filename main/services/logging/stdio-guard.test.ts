import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { FakeStdioStream } from '../testing/fake-stdio'
import { StdioGuard } from './stdio-guard'

const errno = (code: string) => Object.assign(new Error(`write ${code}`), { code })

function guarded() {
  const stdout = new FakeStdioStream()
  const stderr = new FakeStdioStream()
  return { stdout, stderr, guard: new StdioGuard({ stdout, stderr }) }
}

describe('StdioGuard', () => {
  it('turns the error that would end the process into a note, and drops that stream after it', () => {
    const { stdout, stderr, guard } = guarded()
    const notes: string[] = []
    guard.reportTo((message) => notes.push(message))
    guard.writeLine('stdout', 'first')

    // Without a listener, emitting 'error' throws: that is what ends the process.
    expect(() => stdout.fail('EPIPE')).not.toThrow()
    expect(() => stdout.fail('EPIPE')).not.toThrow()
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
    stderr.fail('EIO')
    stdout.fail('ENOSPC', 'no space left on device')
    stderr.fail('EIO')

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
    const guard = new StdioGuard({ stdout, stderr: new FakeStdioStream() })
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
