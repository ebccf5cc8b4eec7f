/**
 * Suffix keys, for the value index (value-index.ts), the way field-keys.ts reads `eq` and `in`:
 * "this condition can only hold when `field` ends with one of `suffixes`", read off its
 * `ends-with` leaves and the `matches` leaves whose pattern promises a literal ending
 * (`^5428[0-9]*000$` ends with `000`; pattern-constructs.ts `literalSuffix`, which the pattern's
 * own test checks first). Watch lists of ids are often written as endings (a character whose id
 * ends with `13`); looked up by their endings, the triggers of a type that test one are found for
 * the events that have it, instead of tested on every event (or on every event of a world).
 *
 * Sound the same way: an `all` group holds only if each child holds, so any keyed child will do;
 * an `any` group is keyed by a field every child is keyed by (the union of their endings); `not`
 * and every other operator say nothing usable. An `ends-with` leaf holds exactly when the value's
 * text (a string, or a number's or boolean's `String`) ends with its value, which is what the
 * suffix table answers, so nothing of it is left to test; a `matches` leaf is left whole.
 *
 * Prefixes are not keyed: ids share their first digits (every character id of the benchmark's
 * stream starts with 5428), so a prefix says little about how few events it lets through.
 */

import { mustParseEventPath } from '../../../shared/conditions/event-path'
import { literalSuffix } from '../../../shared/conditions/pattern-constructs'
import type { Condition, ConditionLeaf } from '../../../shared/conditions/schema'
import { formatFieldPath } from '../../../shared/field-path'
import { groupOptions, type FieldKeys } from './field-keys'

/** Every way the condition can be keyed by endings (none when it cannot be). */
export function suffixOptions(condition: Condition): FieldKeys[] {
  return groupOptions(condition, leafKeys, (each) => ({
    ...each[0]!,
    suffixes: each.flatMap((keys) => keys.suffixes ?? []),
  }))
}

function leafKeys(leaf: ConditionLeaf): FieldKeys | undefined {
  // An empty ending holds for every value it can read: nothing to look up.
  if (leaf.op === 'ends-with') {
    const suffix = leaf.value as string
    return suffix === '' ? undefined : keysOf(leaf.field, suffix, undefined)
  }
  if (leaf.op === 'matches') {
    const suffix = literalSuffix(leaf.value as string, leaf.flags ?? '')
    return suffix === '' ? undefined : keysOf(leaf.field, suffix, leaf)
  }
  return undefined
}

function keysOf(field: string, suffix: string, rest: Condition | undefined): FieldKeys {
  const path = mustParseEventPath(field)
  const keys: FieldKeys = { field: formatFieldPath(path.segments), path, values: [] }
  keys.suffixes = [suffix]
  if (rest !== undefined) keys.rest = rest
  return keys
}
