import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
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
