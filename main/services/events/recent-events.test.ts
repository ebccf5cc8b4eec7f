import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import type { VigilEvent } from '../../../shared/domain'
import { RecentEvents } from './recent-events'

const text = '{"payload":{"event_name":"Death","character_id":"5428"},"service":"event"}'

function event(id: number, sourceId: string, type: string, payload: unknown): VigilEvent {
  return { id, sourceId, type, receivedAt: 1_000 + id, payload }
}

function recentOf(...sources: string[]): RecentEvents {
  const recent = new RecentEvents(100, 1_000_000)
  for (const source of sources) recent.addSource(source, { evicted: 0 })
  return recent
}

describe('RecentEvents', () => {
  it("reads back an event kept as its frame's text with the payload it arrived with", () => {
    const recent = recentOf('a')
    const whole: unknown = JSON.parse(text)
    const member = (whole as { payload: unknown }).payload
    recent.of('a')!.keep(event(1, 'a', 'Death', member), 80, text, 'payload')
    recent.of('a')!.keep(event(2, 'a', 'Frame', whole), 80, text, null)
    expect(recent.newest({ source: 'a' })).toEqual([
      event(2, 'a', 'Frame', whole),
      event(1, 'a', 'Death', member),
    ])
  })

  it('keeps as is an event whose place in its frame is not known', () => {
    const recent = recentOf('a')
    const made = event(1, 'a', 'value', { value: 3 })
    recent.of('a')!.keep(made, 10, text)
    recent.of('a')!.keep(event(2, 'a', 'value', 4), 10)
    expect(recent.newest({ source: 'a' })[1]).toBe(made)
  })

  it('filters by type and merges sources in id order, texts and events alike', () => {
    const recent = recentOf('a', 'b')
    const member = (JSON.parse(text) as { payload: unknown }).payload
    recent.of('a')!.keep(event(1, 'a', 'Death', member), 80, text, 'payload')
    recent.of('b')!.keep(event(2, 'b', 'Death', { made: true }), 10)
    recent.of('a')!.keep(event(3, 'a', 'Login', member), 80, text, 'payload')
    expect(recent.newest({ type: 'Death' }).map(({ id }) => id)).toEqual([2, 1])
    expect(recent.newest({ limit: 2 }).map(({ id }) => id)).toEqual([3, 2])
    expect(recent.newest({ source: 'a', type: 'Login' })).toEqual([event(3, 'a', 'Login', member)])
  })

  it('does not hold the parsed payloads of events kept as text', async () => {
    const recent = recentOf('a')
    const refs: WeakRef<object>[] = []
    const keep = (id: number) => {
      const frame = JSON.parse(text) as { payload: object }
      refs.push(new WeakRef(frame.payload))
      recent.of('a')!.keep(event(id, 'a', 'Death', frame.payload), 80, text, 'payload')
    }
    for (let id = 1; id <= 10; id++) keep(id)
    // A WeakRef's target stays alive until the job that made it ends.
    await new Promise((resolve) => setTimeout(resolve, 0))
    setFlagsFromString('--expose-gc')
    ;(runInNewContext('gc') as () => void)()
    expect(refs.filter((ref) => ref.deref() !== undefined)).toHaveLength(0)
    expect(recent.newest({ source: 'a' })).toHaveLength(10)
  })
})
