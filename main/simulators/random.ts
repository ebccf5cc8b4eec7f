/**
 * The seedable randomness every simulator draws from, so a simulator started with a seed replays
 * the same stream in tests. Not for anything secret.
 */

export type Random = () => number

/** mulberry32: tiny, fast, and good enough for test data. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A seed for callers that gave none. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32)
}

export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)]
  if (item === undefined) throw new Error('pick from an empty pool')
  return item
}

/** A digit string of exactly `length` digits after `prefix`. */
export function digits(random: Random, prefix: string, length: number): string {
  let text = prefix
  while (text.length < length) text += Math.floor(random() * 10).toString()
  return text
}

const HEX = '0123456789abcdef'

/** A version-4-shaped UUID drawn from `random`, so seeded streams stay reproducible. */
export function uuid(random: Random): string {
  let text = ''
  for (let i = 0; i < 32; i++) {
    const nibble =
      i === 12 ? 4 : i === 16 ? 8 + Math.floor(random() * 4) : Math.floor(random() * 16)
    text += HEX[nibble]
    if (i === 7 || i === 11 || i === 15 || i === 19) text += '-'
  }
  return text
}

/** A cumulative-weight table, so a weighted pick costs one random number and a short scan. */
export interface Weighted<T> {
  items: readonly T[]
  cumulative: readonly number[]
}

export function weighted<T>(entries: readonly (readonly [T, number])[]): Weighted<T> {
  let total = 0
  const cumulative = entries.map(([, weight]) => (total += weight))
  return { items: entries.map(([item]) => item), cumulative: cumulative.map((c) => c / total) }
}

export function pickWeighted<T>(random: Random, table: Weighted<T>): T {
  const roll = random()
  const index = table.cumulative.findIndex((bound) => roll < bound)
  const item = table.items[index === -1 ? table.items.length - 1 : index]
  if (item === undefined) throw new Error('pick from an empty table')
  return item
}
