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

function hex32(random: Random): string {
  return Math.floor(random() * 2 ** 32)
    .toString(16)
    .padStart(8, '0')
}

/** A version-4-shaped UUID drawn from `random`, so seeded streams stay reproducible. */
export function uuid(random: Random): string {
  const a = hex32(random)
  const b = hex32(random)
  const c = hex32(random)
  const d = hex32(random)
  // Version 4 in the third group, variant 10xx in the fourth, as RFC 9562 lays them out.
  const variant = ((parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16)
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`
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
