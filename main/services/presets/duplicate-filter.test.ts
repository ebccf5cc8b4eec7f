import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DuplicateFilter } from './duplicate-filter'

/** The filter's rules written the plain way: first sightings in order, a window, a cap. */
class ReferenceFilter {
  private held: { text: string; at: number }[] = []
  constructor(
    private readonly windowMs: number,
    private readonly maxEntries: number,
  ) {}
  isRepeat(text: string, at: number): boolean {
    this.held = this.held.filter((entry) => at - entry.at < this.windowMs)
    if (this.held.some((entry) => entry.text === text)) return true
    this.held.push({ text, at })
    if (this.held.length > this.maxEntries) this.held.shift()
    return false
  }
  get size(): number {
    return this.held.length
  }
}

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

  it('is off with a cap of zero entries', () => {
    const filter = new DuplicateFilter(5_000, 0)
    expect(filter.isRepeat(death, 0)).toBe(false)
    expect(filter.isRepeat(death, 1)).toBe(false)
    expect(filter.size).toBe(0)
  })

  it('holds only the window after many expiries, and still answers right', () => {
    const filter = new DuplicateFilter(1_000)
    for (let i = 0; i < 50_000; i++) filter.isRepeat(json({ n: i }), i)
    expect(filter.size).toBe(1_000)
    expect(filter.isRepeat(json({ n: 49_999 }), 50_000)).toBe(true)
    expect(filter.isRepeat(json({ n: 48_999 }), 50_000)).toBe(false)
  })

  it('answers as the plain rules do, over chains of colliding slots, wrap-arounds and growth', () => {
    // Few distinct payloads against a small cap: slots collide, the ring wraps, entries are
    // dropped from the middle of probe chains, and the table grows past its first size.
    const run = fc.integer({ min: 1, max: 700 }).chain((maxEntries) =>
      fc.record({
        maxEntries: fc.constant(maxEntries),
        windowMs: fc.integer({ min: 1, max: 20_000 }),
        steps: fc.array(
          fc.record({
            n: fc.integer({ min: 0, max: 2 * maxEntries }),
            gap: fc.integer({ min: 0, max: 10 }),
          }),
          { minLength: 1, maxLength: 5_000 },
        ),
      }),
    )
    fc.assert(
      fc.property(run, ({ maxEntries, windowMs, steps }) => {
        const filter = new DuplicateFilter(windowMs, maxEntries)
        const reference = new ReferenceFilter(windowMs, maxEntries)
        let at = 0
        for (const { n, gap } of steps) {
          at += gap
          const text = json({ n })
          expect(filter.isRepeat(text, at)).toBe(reference.isRepeat(text, at))
        }
        expect(filter.size).toBe(reference.size)
      }),
      { numRuns: 60 },
    )
  })

  it("tells apart fingerprints that share their low 32 bits (the table's tags)", () => {
    // Every payload's fingerprint has the same low 32 bits: they all probe from one slot and
    // carry one tag, so only the whole fingerprint tells them apart.
    const sameTag = (bytes: Buffer | string) => Number(String(bytes).length) * 2 ** 32 + 7
    const run = fc.record({
      maxEntries: fc.integer({ min: 1, max: 40 }),
      windowMs: fc.integer({ min: 1, max: 200 }),
      steps: fc.array(
        fc.record({ n: fc.integer({ min: 0, max: 60 }), gap: fc.integer({ min: 0, max: 10 }) }),
        { minLength: 1, maxLength: 500 },
      ),
    })
    fc.assert(
      fc.property(run, ({ maxEntries, windowMs, steps }) => {
        const filter = new DuplicateFilter(windowMs, maxEntries, sameTag)
        const reference = new ReferenceFilter(windowMs, maxEntries)
        let at = 0
        for (const { n, gap } of steps) {
          at += gap
          // Texts of distinct lengths: distinct fingerprints under sameTag.
          const text = 'x'.repeat(n + 1)
          expect(filter.isRepeat(text, at)).toBe(reference.isRepeat(text, at))
        }
        expect(filter.size).toBe(reference.size)
      }),
      { numRuns: 60 },
    )
  })
})
