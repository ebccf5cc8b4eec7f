import type { VigilEvent } from '../../shared/domain'

/**
 * Merges two newest-first event lists into one, newest first, without duplicates, at most `limit`
 * long. Event ids are monotonic per app run, so id order is arrival order and equal ids are the
 * same event (a snapshot and a batch that raced each other overlap this way).
 */
export function mergeNewest(
  a: readonly VigilEvent[],
  b: readonly VigilEvent[],
  limit: number,
): VigilEvent[] {
  const out: VigilEvent[] = []
  let i = 0
  let j = 0
  let lastId = Infinity
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
