import { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import type { VigilEvent } from '../../shared/domain'
import { RingReader } from './event-ring'
import { RingLink } from './ring-link'
import { HOLDER, type ThreadHandle } from './thread-link'
import { SHARED } from './trigger-protocol'

/** A stand-in for the trigger thread, on this thread: reads the ring only when told to. */
class ManualReader {
  readonly ids: number[] = []
  reader: RingReader | undefined
  // A real (idle) worker, as the link's figures ask for one.
  readonly worker = new Worker('setTimeout(() => {}, 60_000)', { eval: true })

  handle(): (memory: SharedArrayBuffer) => ThreadHandle {
    return (memory) => {
      this.reader = new RingReader(memory)
      return {
        worker: this.worker,
        read: (slot) => (slot === SHARED.evaluated ? this.ids.length : 0),
        counted: () => ({
          evaluated: this.ids.length,
          firings: 0,
          notifications: 0,
          unreadable: 0,
          workerCpuMicros: 0,
        }),
        stop: async () => {
          await this.worker.terminate()
        },
      }
    }
  }

  read(limit = Infinity): number {
    return this.reader!.read((r) => this.ids.push(r.id), limit)
  }
}

const event = (id: number): VigilEvent => ({
  id,
  sourceId: 'bench',
  type: 'Death',
  receivedAt: 1_700_000_000_000 + id,
  payload: { n: id },
})
const text = (id: number) => `{"payload":{"n":${id}},"pad":"${'p'.repeat(80)}"}`
const turn = () => new Promise((resolve) => setImmediate(resolve))

let link: RingLink | undefined
afterEach(async () => {
  await link?.close()
  link = undefined
})

describe('the ring link', () => {
  it('holds the sources past 3/4 of the ring, keeps what does not fit in order, and lets go under 1/2', async () => {
    const calls: string[] = []
    const reading = {
      holdReading: (holder: string) => calls.push(`hold ${holder}`),
      releaseReading: (holder: string) => calls.push(`release ${holder}`),
    }
    const thread = new ManualReader()
    link = new RingLink({ bytes: 8192, thread: thread.handle() }, reading, 'bench', 0)
    // One socket read's worth: more than the ring holds.
    for (let id = 0; id < 200; id++) link.record(event(id), 100, text(id), 'payload')
    await turn()
    expect(calls).toEqual([`hold ${HOLDER}`])
    expect(link.stats().sent).toBeLessThan(200)
    // The reader frees a little: still over half, still held.
    thread.read(5)
    await turn()
    expect(calls).toEqual([`hold ${HOLDER}`])
    while (thread.ids.length < 200) {
      thread.read(20)
      await turn()
    }
    expect(thread.ids).toEqual(Array.from({ length: 200 }, (_, i) => i))
    expect(calls).toEqual([`hold ${HOLDER}`, `release ${HOLDER}`])
    const stats = link.stats()
    expect(stats).toMatchObject({ sent: 200, evaluated: 200, refused: 0, serialised: 0 })
    expect(stats.heldMs).toBeGreaterThan(0)
  })

  it('counts an event too large for the ring, and goes on', async () => {
    const reading = { holdReading: () => {}, releaseReading: () => {} }
    const thread = new ManualReader()
    link = new RingLink({ bytes: 4096, thread: thread.handle() }, reading, 'bench', 0)
    link.record(event(1), 5000, `"${'x'.repeat(5000)}"`, null)
    link.record(event(2), 10, text(2), 'payload')
    await turn()
    thread.read()
    expect(thread.ids).toEqual([2])
    expect(link.stats()).toMatchObject({ sent: 1, refused: 1 })
  })
})
