/**
 * Range keys, for the value index (value-index.ts), the way field-keys.ts reads `eq` and `in`:
 * "this condition can only hold when `field` reads as a number within one of `ranges`", read off
 * its `gt`, `gte`, `lt`, `lte` and `between` leaves. A trigger is keyed by a range only when no
 * `eq`, `in` or ending (suffix-keys.ts) keys it (those let fewer events through than a range).
 *
 * Sound the same way: an `all` group holds only if each child holds, so any keyed child will do;
 * an `any` group is keyed by a field every child is keyed by (the union of their ranges); `not`
 * and every other operator say nothing usable. A range leaf holds exactly when `toNumber` of the
 * value falls in its range (operators.ts), which is what the range table tests.
 */

import { mustParseEventPath } from '../../../shared/conditions/event-path'
import type { Condition } from '../../../shared/conditions/schema'
import { formatFieldPath } from '../../../shared/field-path'
import { groupOptions, type FieldKeys } from './field-keys'
import type { Range } from './range-table'

/** Every way the condition can be keyed by ranges (none when it cannot be). */
export function rangeOptions(condition: Condition): FieldKeys[] {
  return groupOptions(
    condition,
    (leaf) => {
      const range = rangeOf(leaf.op, leaf.value)
      return range === undefined ? undefined : keysOf(leaf.field, [range])
    },
    (each) => ({ ...each[0]!, ranges: each.flatMap((keys) => keys.ranges ?? []) }),
  )
}

/** The option with the fewest ranges (the first of equals), or undefined. */
export function chooseRange(options: readonly FieldKeys[]): FieldKeys | undefined {
  let best: FieldKeys | undefined
  for (const keys of options)
    if (!best || (keys.ranges?.length ?? 0) < (best.ranges?.length ?? 0)) best = keys
  return best
}

function rangeOf(op: string, value: unknown): Range | undefined {
  if (op === 'between') {
    const [min, max] = value as [number, number]
    return { low: min, high: max, lowOpen: false, highOpen: false }
  }
  const limit = value as number
  switch (op) {
    case 'gt':
      return { low: limit, high: Number.POSITIVE_INFINITY, lowOpen: true, highOpen: false }
    case 'gte':
      return { low: limit, high: Number.POSITIVE_INFINITY, lowOpen: false, highOpen: false }
    case 'lt':
      return { low: Number.NEGATIVE_INFINITY, high: limit, lowOpen: false, highOpen: true }
    case 'lte':
      return { low: Number.NEGATIVE_INFINITY, high: limit, lowOpen: false, highOpen: false }
    default:
      return undefined
  }
}

function keysOf(field: string, ranges: Range[]): FieldKeys {
  const path = mustParseEventPath(field)
  return { field: formatFieldPath(path.segments), path, values: [], ranges }
}
