import { describe, expect, it } from 'vitest'
import type { EventQuery, VigilEvent } from '../../../shared/domain'
import { searchBuffered } from './memory-search'

const event = (id: number, payload: unknown, type = 'Note'): VigilEvent => ({
  id,
  sourceId: 'a',
  type,
  receivedAt: 1_000 + id,
  payload,
})

// Newest first, as the buffers answer.
const buffered = [
  event(3, { msg: 'say "hi"', path: 'C:\\dir' }),
  event(2, { world_id: '17' }, 'Death'),
  event(1, { world_id: '1' }),
]
const recent = (query: EventQuery) =>
  buffered.filter((e) => query.type === undefined || e.type === query.type)

const ids = (query: EventQuery) => searchBuffered(recent, query).events.map((e) => e.id)

describe('searchBuffered', () => {
  it('finds text as the stored search does: values as typed, and the JSON around them', () => {
    expect(ids({ q: 'say "hi"' })).toEqual([3])
    expect(ids({ q: 'C:\\dir' })).toEqual([3])
    expect(ids({ q: '"world_id":"17"' })).toEqual([2])
    expect(ids({ q: 'WORLD_ID' })).toEqual([2, 1])
  })

  it('filters by type, time and id, and pages by limit', () => {
    expect(ids({ type: 'Death' })).toEqual([2])
    expect(ids({ from: 1_002 })).toEqual([3, 2])
    expect(ids({ before: 3 })).toEqual([2, 1])
    expect(searchBuffered(recent, { limit: 2 })).toMatchObject({ next: 2 })
  })
})
