import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { VigilEvent } from '../../../shared/domain'
import { PendingEvents } from './pending-events'
import { useHistoryFixture } from './testing/history-fixture'

const h = useHistoryFixture()

const frame = (id: number) =>
  JSON.stringify({ payload: { character_id: `54280${id}`, world_id: '1' }, type: 'serviceMessage' })

describe('events waiting for a history batch', () => {
  it('do not hold the parsed payloads of events that came with their frame text', async () => {
    const history = h.open()
    const refs: WeakRef<object>[] = []
    const record = (id: number) => {
      const text = frame(id)
      const payload = (JSON.parse(text) as { payload: object }).payload
      refs.push(new WeakRef(payload))
      history.events.record(h.event(id, { payload }), text.length, text, 'payload')
    }
    for (let id = 1; id <= 10; id++) record(id)
    // A WeakRef's target stays alive until the job that made it ends.
    await new Promise((resolve) => setTimeout(resolve, 0))
    setFlagsFromString('--expose-gc')
    ;(runInNewContext('gc') as () => void)()
    expect(refs.filter((ref) => ref.deref() !== undefined)).toHaveLength(0)
    expect(history.stats().events.pending).toBe(10)

    await history.flush()
    const rows = h.query<{ id: number; payload: string }>('SELECT id, payload FROM events')
    expect(rows).toHaveLength(10)
    for (const row of rows) {
      expect(row.payload).toBe(
        JSON.stringify((JSON.parse(frame(row.id)) as { payload: object }).payload),
      )
    }
  })

  it('store a payload that has no JSON (undefined) as null, keeping its page readable', async () => {
    const history = h.open()
    history.events.record(h.event(1))
    history.events.record(h.event(2, { payload: undefined }))
    history.events.record(h.event(3))
    await history.flush()
    expect(history.stats().events).toMatchObject({ written: 3, notStored: 0 })
    expect(h.query<{ id: number; payload: string }>('SELECT id, payload FROM events')).toEqual([
      { id: 1, payload: JSON.stringify(h.event(1).payload) },
      { id: 2, payload: 'null' },
      { id: 3, payload: JSON.stringify(h.event(3).payload) },
    ])
  })
})

describe('PendingEvents', () => {
  const event = (id: number): VigilEvent => ({
    id,
    sourceId: `s${id % 3}`,
    type: `t${id % 2}`,
    receivedAt: 1_000 + id,
    payload: { id },
  })

  it('hands out every event once, in order, however pushes, batches and clears interleave', () => {
    const step = fc.oneof(
      fc.record({ push: fc.integer({ min: 1, max: 40 }) }),
      fc.record({
        take: fc.integer({ min: 1, max: 30 }),
        maxBytes: fc.integer({ min: 1, max: 500 }),
      }),
      fc.constant({ clear: true as const }),
    )
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const pending = new PendingEvents()
        const model: { id: number; bytes: number }[] = []
        let next = 1
        for (const s of steps) {
          if ('push' in s) {
            for (let k = 0; k < s.push; k++, next++) {
              const bytes = 1 + (next % 37)
              pending.push(event(next), bytes, `{"id":${next}}`, null)
              model.push({ id: next, bytes })
            }
          } else if ('take' in s) {
            if (pending.length === 0) continue
            const { count, bytes } = pending.fit(s.take, s.maxBytes)
            const taken = pending.take(count, bytes)
            const expected = model.splice(0, count)
            expect(count).toBeGreaterThan(0)
            expect(bytes).toBe(expected.reduce((sum, e) => sum + e.bytes, 0))
            expect(taken.ids).toEqual(expected.map((e) => e.id))
            expect(taken.texts).toEqual(expected.map((e) => `{"id":${e.id}}`))
            expect(taken.sources).toEqual(expected.map((e) => `s${e.id % 3}`))
          } else {
            const bySource = pending.clear()
            const counts = new Map<string, number>()
            for (const e of model.splice(0))
              counts.set(`s${e.id % 3}`, (counts.get(`s${e.id % 3}`) ?? 0) + 1)
            expect(bySource).toEqual(counts)
          }
          expect(pending.length).toBe(model.length)
          expect(pending.bytes).toBe(model.reduce((sum, e) => sum + e.bytes, 0))
        }
      }),
    )
  })
})
