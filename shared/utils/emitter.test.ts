import { describe, expect, it } from 'vitest'
import { Emitter, type ListenerErrorSink } from './emitter'

function recordingLogger(): ListenerErrorSink & { errors: string[] } {
  const errors: string[] = []
  return { errors, error: (message) => errors.push(message) }
}

describe('Emitter', () => {
  it('logs what a listener throws, and the other listeners still hear the value', async () => {
    const logger = recordingLogger()
    const emitter = new Emitter<number>(logger)
    const heard: number[] = []
    emitter.event(() => {
      throw new RangeError('Maximum call stack size exceeded')
    })
    emitter.event((value) => heard.push(value))
    emitter.fire(1)
    emitter.fire(2)
    // A rethrow, even one deferred to a microtask or a timer, would have surfaced by now, and
    // Vitest fails the run on an error nobody caught.
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(heard).toEqual([1, 2])
    expect(logger.errors).toHaveLength(2)
    expect(logger.errors[0]).toMatch(
      /^a listener failed: RangeError: Maximum call stack size exceeded/,
    )
  })

  it('survives a thrown non-Error and a logger that throws', () => {
    const emitter = new Emitter<number>({
      error() {
        throw new Error('the log is gone')
      },
    })
    const heard: number[] = []
    emitter.event(() => {
      throw JSON.parse('{"toString":1}')
    })
    emitter.event((value) => heard.push(value))
    expect(() => emitter.fire(1)).not.toThrow()
    expect(heard).toEqual([1])
  })
})
