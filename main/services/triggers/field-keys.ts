/**
 * What a condition says about one field's value, for the value index (value-index.ts): "this
 * condition can only hold when `field` equals one of `values`", read off its `eq` and `in` leaves.
 * The index then looks the event's value up once for every trigger keyed by that field, instead
 * of running each trigger's closures.
 *
 * Sound by construction: an `all` group holds only if each child holds, so any keyed child will
 * do; an `any` group holds only if one child holds, so it is keyed by a field every child is
 * keyed by (the union of their values). `not` and every other operator say nothing usable, and a
 * condition using `changed` is never keyed (its memory must see every event of its types).
 */

import { mustParseEventPath } from '../../../shared/conditions/event-path'
import {
  isLeaf,
  type Condition,
  type ConditionLeaf,
  type Scalar,
} from '../../../shared/conditions/schema'
import { formatFieldPath, type ParsedPath } from '../../../shared/field-path'
import type { Range } from './range-table'

export interface FieldKeys {
  /** The field's path written one way (`payload.a` and `payload["a"]` are one field). */
  field: string
  path: ParsedPath
  /** Compared as `eq` compares (operators.ts); over a wildcard path, any element may equal one. */
  values: Scalar[]
  /**
   * Instead of `values` (then empty): ranges the value must read into as a number (range-keys.ts);
   * over a wildcard path, any element may.
   */
  ranges?: Range[]
  /**
   * Instead of `values` (then empty): endings the value must have, as `ends-with` reads it
   * (suffix-keys.ts); over a wildcard path, any element may.
   */
  suffixes?: string[]
  /**
   * What is left to test once the key holds (the condition's other parts); absent when the key
   * decides the condition by itself. A trigger looked up by its key is tested on this alone.
   */
  rest?: Condition
}

/** Every way the condition can be keyed (none when it cannot be). */
export function keyOptions(condition: Condition): FieldKeys[] {
  return groupOptions(
    condition,
    (leaf) =>
      leaf.op === 'eq'
        ? keysOf(leaf.field, [leaf.value as Scalar])
        : leaf.op === 'in'
          ? keysOf(leaf.field, leaf.value as Scalar[])
          : undefined,
    (each) => ({ ...each[0]!, values: each.flatMap((keys) => keys.values) }),
    fewest,
  )
}

/**
 * An `all` group's options: each child's, with the group's other children added to what is left
 * to test (in their places, so the order of the tests stays the one written).
 */
export function allOptions(
  children: readonly Condition[],
  options: (child: Condition) => FieldKeys[],
): FieldKeys[] {
  return children.flatMap((child, i) =>
    options(child).map((keys) => {
      const parts = children.flatMap((other, j) =>
        j !== i ? [other] : keys.rest === undefined ? [] : [keys.rest],
      )
      return withRest(keys, parts.length <= 1 ? parts[0] : { all: parts })
    }),
  )
}

/**
 * The options of a condition whose leaves `leafKeys` keys (here, range-keys.ts, suffix-keys.ts):
 * an `all` group's by any child, an `any` group's by a field each child is keyed by (the option of
 * each on that field that `pick` takes, by default the first, joined by `unite`), none under
 * `not`.
 */
export function groupOptions(
  condition: Condition,
  leafKeys: (leaf: ConditionLeaf) => FieldKeys | undefined,
  unite: (each: readonly FieldKeys[]) => FieldKeys,
  pick: (options: FieldKeys[]) => FieldKeys | undefined = (options) => options[0],
): FieldKeys[] {
  const options = (child: Condition): FieldKeys[] => groupOptions(child, leafKeys, unite, pick)
  if (isLeaf(condition)) {
    const keys = leafKeys(condition)
    return keys === undefined ? [] : [keys]
  }
  if ('not' in condition) return []
  if ('all' in condition) return allOptions(condition.all, options)
  const children = condition.any.map(options)
  const out: FieldKeys[] = []
  for (const { field } of children[0] ?? []) {
    if (out.some((keys) => keys.field === field)) continue
    const each = children.map((list) => pick(list.filter((keys) => keys.field === field)))
    if (each.every((keys) => keys !== undefined))
      out.push(withRest(unite(each as FieldKeys[]), anyRest(condition, each as FieldKeys[])))
  }
  return out
}

/**
 * What is left of an `any` group keyed by the union of its children's keys: nothing when each
 * child's key decides that child (the value found is one child's key, so that child holds), else
 * the whole group (which child's key it was is not known).
 */
export function anyRest(condition: Condition, each: readonly FieldKeys[]): Condition | undefined {
  return each.every((keys) => keys.rest === undefined) ? undefined : condition
}

export function withRest(keys: FieldKeys, rest: Condition | undefined): FieldKeys {
  const { rest: _drop, ...out } = keys
  return rest === undefined ? out : { ...out, rest }
}

/**
 * For each trigger's options, the one expected to let the fewest events through. Without
 * statistics of the stream, a field's share of events that equal one value is estimated as one
 * over the number of different values the triggers write for it: people write a handful of world
 * ids but hundreds of character ids, and the stream has about as many. An ending of n characters
 * (suffix keys) is estimated to let one event in 10^n through: endings are mostly written on ids,
 * whose last digits are spread evenly. Ties go to fewer values, then to the option written first.
 */
export function chooseKeys(options: readonly (readonly FieldKeys[])[]): (FieldKeys | undefined)[] {
  const written = new Map<string, Set<string>>()
  for (const keys of options.flat()) {
    let values = written.get(keys.field)
    if (values === undefined) written.set(keys.field, (values = new Set()))
    for (const value of keys.values) values.add(`${typeof value} ${String(value)}`)
  }
  const share = (keys: FieldKeys) =>
    keys.suffixes !== undefined
      ? keys.suffixes.reduce((sum, suffix) => sum + 10 ** -suffix.length, 0)
      : keys.values.length / written.get(keys.field)!.size
  return options.map((list) => {
    let best: FieldKeys | undefined
    for (const keys of list) {
      if (
        best === undefined ||
        share(keys) < share(best) ||
        (share(keys) === share(best) && keys.values.length < best.values.length)
      )
        best = keys
    }
    return best
  })
}

function fewest(options: FieldKeys[]): FieldKeys | undefined {
  let best: FieldKeys | undefined
  for (const keys of options) if (!best || keys.values.length < best.values.length) best = keys
  return best
}

function keysOf(field: string, values: Scalar[]): FieldKeys {
  const path = mustParseEventPath(field)
  return { field: formatFieldPath(path.segments), path, values }
}
