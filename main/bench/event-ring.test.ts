import { Worker } from 'node:worker_threads'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createRingMemory,
  RECORD_HEADER_BYTES,
  RingReader,
  RingWriter,
  type RingEvent,
  type RingRecord,
} from './event-ring'

const event = (id: number, text: string, type = 'serviceMessage'): RingEvent => ({
  id,
  receivedAt: 1_700_000_000_000 + id / 8,
  bytes: text.length + 2,
  sourceId: 'bench',
  type,
  place: id % 3 === 0 ? null : 'payload',
  text,
})

/** What a reader hands on, as a plain copy comparable with what was written. */
const written = (e: RingEvent): Omit<RingRecord, 'textBytes'> => ({ ...e })
const readAll = (reader: RingReader): Omit<RingRecord, 'textBytes'>[] => {
  const out: Omit<RingRecord, 'textBytes'>[] = []
  reader.read(({ textBytes: _, ...record }) => out.push({ ...record }))
  return out
}

describe('the event ring', () => {
  it('hands on every event in order and intact, across many wraps', () => {
    const text = fc.string({ unit: 'binary', maxLength: 120 }).filter((s) => s.isWellFormed())
    const types = fc.constantFrom('a', 'bé', '事件', '')
    fc.assert(
      fc.property(fc.array(fc.tuple(text, types), { maxLength: 200 }), (items) => {
        const memory = createRingMemory(1024)
        const writer = new RingWriter(memory)
        const reader = new RingReader(memory)
        const got: Omit<RingRecord, 'textBytes'>[] = []
        const expected: Omit<RingRecord, 'textBytes'>[] = []
        let bytesWritten = 0
        items.forEach(([t, type], id) => {
          const e = event(id, t, type)
          let outcome = writer.tryWrite(e)
          if (outcome === 'full') {
            writer.publish()
            got.push(...readAll(reader))
            outcome = writer.tryWrite(e)
          }
          const size = RECORD_HEADER_BYTES + Buffer.byteLength(t)
          if (size > writer.maxRecordBytes) expect(outcome).toBe('tooLarge')
          else {
            expect(outcome).toBe('written')
            expected.push(written(e))
            bytesWritten += size
          }
        })
        writer.publish()
        got.push(...readAll(reader))
        expect(got).toEqual(expected)
        expect(writer.usedBytes()).toBe(0)
        expect(bytesWritten).toBeGreaterThanOrEqual(0)
      }),
    )
    // The runs above went round the 1 KiB ring many times: one long run to be sure of it.
    const memory = createRingMemory(1024)
    const writer = new RingWriter(memory)
    const reader = new RingReader(memory)
    const all = Array.from({ length: 500 }, (_, i) => event(i, `é${'x'.repeat(i % 97)}`))
    const got: Omit<RingRecord, 'textBytes'>[] = []
    for (const e of all) {
      if (writer.tryWrite(e) === 'full') {
        writer.publish()
        got.push(...readAll(reader))
        expect(writer.tryWrite(e)).toBe('written')
      }
    }
    writer.publish()
    got.push(...readAll(reader))
    expect(got).toEqual(all.map(written))
    expect(all.reduce((sum, e) => sum + e.text.length, 0)).toBeGreaterThan(20 * 1024)
  })

  it('refuses a write when full, and takes it once the reader has freed the space', () => {
    const memory = createRingMemory(512)
    const writer = new RingWriter(memory)
    const reader = new RingReader(memory)
    const text = 'x'.repeat(60)
    let id = 0
    while (writer.tryWrite(event(id, text)) === 'written') id++
    expect(id).toBeGreaterThan(2)
    expect(writer.tryWrite(event(id, text))).toBe('full')
    writer.publish()
    expect(writer.usedBytes()).toBeGreaterThan(512 - 2 * (RECORD_HEADER_BYTES + 64))
    expect(readAll(reader)).toHaveLength(id)
    expect(writer.usedBytes()).toBe(0)
    expect(writer.tryWrite(event(id, text))).toBe('written')
    writer.publish()
    expect(readAll(reader)).toEqual([written(event(id, text))])
    expect(writer.refused).toEqual({ tooLarge: 0, tooManyNames: 0 })
  })

  it('reads at most a given number of events at a time, the rest on the next read', () => {
    const memory = createRingMemory(4096)
    const writer = new RingWriter(memory)
    const reader = new RingReader(memory)
    for (let id = 0; id < 10; id++) expect(writer.tryWrite(event(id, `t${id}`))).toBe('written')
    writer.publish()
    const ids: number[] = []
    expect(reader.read((r) => ids.push(r.id), 4)).toBe(4)
    expect(ids).toEqual([0, 1, 2, 3])
    expect(writer.usedBytes()).toBe(6 * (RECORD_HEADER_BYTES + 8))
    expect(reader.read((r) => ids.push(r.id))).toBe(6)
    expect(ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('refuses a record over half the ring for good, counted, and goes on', () => {
    const memory = createRingMemory(1024)
    const writer = new RingWriter(memory)
    const reader = new RingReader(memory)
    expect(writer.tryWrite(event(1, 'y'.repeat(600)))).toBe('tooLarge')
    expect(writer.tryWrite(event(2, 'ok'))).toBe('written')
    writer.publish()
    expect(readAll(reader)).toEqual([written(event(2, 'ok'))])
    expect(writer.refused.tooLarge).toBe(1)
  })

  it('refuses an event whose new name is past the limit of names, counted', () => {
    const memory = createRingMemory(1024)
    const writer = new RingWriter(memory, 3)
    const reader = new RingReader(memory)
    // 'bench', 'a' and 'payload' take the three slots; a fourth name is refused.
    expect(writer.tryWrite(event(1, '1', 'a'))).toBe('written')
    expect(writer.tryWrite(event(2, '2', 'b'))).toBe('tooManyNames')
    expect(writer.tryWrite(event(4, '4', 'a'))).toBe('written')
    writer.publish()
    expect(readAll(reader).map((r) => r.id)).toEqual([1, 4])
    expect(writer.refused.tooManyNames).toBe(1)
  })

  it('is read whole by another thread, the writer waiting while it is full', async () => {
    const memory = createRingMemory(4096)
    const worker = new Worker(new URL('./event-ring-reader.fixture.ts', import.meta.url), {
      workerData: memory,
    })
    const got = new Promise<RingRecord[]>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
    const writer = new RingWriter(memory)
    const all = Array.from({ length: 5_000 }, (_, i) =>
      event(i, `{"n":${i},"s":"ü${'z'.repeat(i % 50)}"}`),
    )
    let waits = 0
    for (const e of all) {
      let outcome = writer.tryWrite(e)
      while (outcome === 'full') {
        writer.publish()
        waits++
        await writer.waitUntilAtMost(writer.capacity / 2)
        outcome = writer.tryWrite(e)
      }
      expect(outcome).toBe('written')
      if (e.id % 10 === 9) writer.publish()
    }
    writer.close()
    const records = await got
    await worker.terminate()
    expect(records.map(({ textBytes: _, ...r }) => r)).toEqual(all.map(written))
    expect(records.every((r) => r.textBytes === Buffer.byteLength(r.text))).toBe(true)
    expect(waits).toBeGreaterThan(0)
  })
})
