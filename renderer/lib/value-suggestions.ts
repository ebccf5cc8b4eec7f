/**
 * The values a field held, for the builder's value pickers (`equals`, `is one of`, ...): counted
 * over recent events of the draft's sources and types, most frequent first, then the catalogue's
 * and the preset's samples that those events did not show (without a count). Values stay as
 * received, so picking one compares the way the stream sends it ("1", not 1).
 */

import type { VigilEvent } from '../../shared/domain'
import { parseEventPath } from '../../shared/conditions/event-path'
import type { Scalar } from '../../shared/conditions/schema'
import { collectPath } from '../../shared/field-path'

export interface SeenValue {
  value: Scalar
  /** Events that held it among the recent ones; 0 for a sample known only from the catalogue. */
  count: number
}

/** Long text is no value worth picking from a list (a message body, a token). */
const MAX_VALUE_CHARS = 80

function isPickable(value: unknown): value is Scalar {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return true
  return typeof value === 'string' && value.length <= MAX_VALUE_CHARS
}

/** A key that tells `"1"` from `1` from `true`. */
const keyOf = (value: Scalar): string => `${typeof value}:${String(value)}`

export function valuesSeen(
  events: readonly VigilEvent[],
  field: string,
  samples: readonly Scalar[] = [],
  limit = 8,
): SeenValue[] {
  const parsed = parseEventPath(field)
  if (!parsed.ok) return []
  const counts = new Map<string, SeenValue>()
  for (const event of events) {
    // An event counts once per value, however many list items hold it.
    const seenHere = new Set<string>()
    for (const value of collectPath(event, parsed.path)) {
      if (!isPickable(value)) continue
      const key = keyOf(value)
      if (seenHere.has(key)) continue
      seenHere.add(key)
      const known = counts.get(key)
      if (known) known.count++
      else counts.set(key, { value, count: 1 })
    }
  }
  const counted = [...counts.values()].sort(
    (a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)),
  )
  for (const sample of samples) {
    if (!isPickable(sample) || counts.has(keyOf(sample))) continue
    counts.set(keyOf(sample), { value: sample, count: 0 })
    counted.push({ value: sample, count: 0 })
  }
  return counted.slice(0, limit)
}

/** Two written values are the same pick: `"1"` is not `1`. */
export function sameValue(a: unknown, b: Scalar): boolean {
  return isPickable(a) && keyOf(a) === keyOf(b)
}
