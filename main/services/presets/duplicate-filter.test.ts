import { describe, expect, it } from 'vitest'
import { DuplicateFilter } from './duplicate-filter'

const json = (value: unknown) => JSON.stringify(value)
const death = json({
  event_name: 'Death',
  character_id: '1',
  attacker_character_id: '2',
  timestamp: '9',
})
const deathWith = (extra: Record<string, string>) =>
  json({
    event_name: 'Death',
    character_id: '1',
    attacker_character_id: '2',
    timestamp: '9',
    ...extra,
  })

describe('DuplicateFilter', () => {
  it('drops an identical payload within the window and lets it through after', () => {
    const filter = new DuplicateFilter(5_000)
    expect(filter.isRepeat(death, 1_000)).toBe(false)
    expect(filter.isRepeat(Buffer.from(death), 1_001)).toBe(true)
    expect(filter.isRepeat(death, 5_999)).toBe(true)
    // The window runs from the first sighting: repeats do not extend it.
    expect(filter.isRepeat(death, 6_000)).toBe(false)
    expect(filter.isRepeat(death, 6_500)).toBe(true)
  })

  it('tells payloads apart by every value', () => {
    const filter = new DuplicateFilter(5_000)
    expect(filter.isRepeat(death, 0)).toBe(false)
    expect(filter.isRepeat(deathWith({ timestamp: '10' }), 1)).toBe(false)
    expect(filter.isRepeat(deathWith({ character_id: '3' }), 2)).toBe(false)
    expect(filter.isRepeat(deathWith({ timestamp: '10' }), 3)).toBe(true)
  })

  it('forgets expired payloads, so memory follows the window', () => {
    const filter = new DuplicateFilter(1_000)
    for (let i = 0; i < 100; i++) filter.isRepeat(json({ n: i }), i)
    expect(filter.size).toBe(100)
    filter.isRepeat(json({ n: 'late' }), 1_050)
    expect(filter.size).toBe(50)
  })

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const filter = new DuplicateFilter(60_000, 3)
    for (const n of [1, 2, 3, 4]) filter.isRepeat(json({ n }), n)
    expect(filter.size).toBe(3)
    expect(filter.isRepeat(json({ n: 4 }), 5)).toBe(true)
    expect(filter.isRepeat(json({ n: 1 }), 6)).toBe(false)
  })

  it('is off with a zero window', () => {
    const filter = new DuplicateFilter(0)
    expect(filter.isRepeat(death, 0)).toBe(false)
    expect(filter.isRepeat(death, 0)).toBe(false)
    expect(filter.size).toBe(0)
  })

  it('holds only the window after many expiries, and still answers right', () => {
    const filter = new DuplicateFilter(1_000)
    for (let i = 0; i < 50_000; i++) filter.isRepeat(json({ n: i }), i)
    expect(filter.size).toBe(1_000)
    expect(filter.isRepeat(json({ n: 49_999 }), 50_000)).toBe(true)
    expect(filter.isRepeat(json({ n: 48_999 }), 50_000)).toBe(false)
  })
})
