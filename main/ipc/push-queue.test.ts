import { describe, expect, it } from 'vitest'
import type { PushMessage } from '../services/engine-ports'
import { PushQueue } from './push-queue'

const batch = (n: number): PushMessage => ({
  channel: 'event:batch',
  payload: { events: [], dropped: n, stats: [] },
})
const removed = (id: string): PushMessage => ({ channel: 'source:removed', payload: { id } })

describe('PushQueue', () => {
  it('holds pushes until ready, keeping state changes in order and only the newest batch', () => {
    const delivered: PushMessage[] = []
    const queue = new PushQueue((message) => delivered.push(message))
    queue.push(removed('a'))
    queue.push(batch(1))
    queue.push(removed('b'))
    queue.push(batch(2))
    expect(delivered).toEqual([])
    queue.markReady()
    expect(delivered).toEqual([removed('a'), removed('b'), batch(2)])
    queue.push(batch(3))
    expect(delivered.at(-1)).toEqual(batch(3))
  })

  it('holds again after a reload until the new page is ready', () => {
    const delivered: PushMessage[] = []
    const queue = new PushQueue((message) => delivered.push(message))
    queue.markReady()
    queue.reset()
    queue.push(removed('x'))
    expect(delivered).toEqual([])
    expect(queue.pending).toBe(1)
  })
})
