import type { VigilEvent } from '../../shared/domain'

/** A bound on a window: at most `maxBytes` as `sizeOf` counts them (the newest always fits). */
export interface ByteBound {
  maxBytes: number
  sizeOf: (event: VigilEvent) => number
}

/**
 * Merges two newest-first event lists into one, newest first, without duplicates, at most `limit`
 * long (and within `bytes`, if given). Event ids are monotonic per app run, so id order is arrival
 * order and equal ids are the same event (a snapshot and a batch that raced each other overlap
 * this way).
 */
export function mergeNewest(
  a: readonly VigilEvent[],
  b: readonly VigilEvent[],
  limit: number,
  bytes?: ByteBound,
): VigilEvent[] {
  const out: VigilEvent[] = []
  let i = 0
  let j = 0
  let lastId = Infinity
  let held = 0
  while (out.length < limit && (i < a.length || j < b.length)) {
    const x = a[i]
    const y = b[j]
    let next: VigilEvent
    if (x && (!y || x.id >= y.id)) {
      next = x
      i++
    } else {
      next = y as VigilEvent
      j++
    }
    if (next.id === lastId) continue
    lastId = next.id
    if (bytes) {
      held += bytes.sizeOf(next)
      if (held > bytes.maxBytes && out.length > 0) break
    }
    out.push(next)
  }
  return out
}

/** A batch arrives oldest first; the windows keep newest first. */
export function newestFirst(events: readonly VigilEvent[]): VigilEvent[] {
  const out = events.slice()
  out.reverse()
  return out
}
