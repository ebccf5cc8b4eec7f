/**
 * The written values of `eq` and `in` leaves on one field, each leading to what was filed under
 * it, and the lookup that answers, for a value seen in an event, exactly the entries whose `eq`
 * holds for it (the hashed alpha memory of a Rete network). It mirrors operators.ts value kind by
 * value kind, since a value written as a number matches Census's text:
 *
 * - text `s`: the value is `s`, or a number or boolean whose text is `s`;
 * - number `x`: the value reads as the number `x` (`toNumber`: `"17"`, `"17.000000"`, 17);
 * - boolean `b`: the value reads as `b` (`toBoolean`: `"1"`, `"true"`, 1, true);
 * - null: the value is null.
 *
 * `in` holds when `eq` holds for one of its items (operators.ts `member` checks the same three
 * kinds and null), so its items are filed one by one. Each kind has a map of its own, so a lookup
 * builds no key text (Census's values are text already) and reads only the kinds filed.
 */

import { toBoolean, toNumber } from '../../../shared/conditions/coercion'
import type { Scalar } from '../../../shared/conditions/schema'

/** At most this many lists answer one lookup: text, number, boolean, null. */
export const MAX_LOOKUP_LISTS = 4

export class ValueTable<T> {
  private readonly texts = new Map<string, T[]>()
  /** Keys compare as SameValueZero, which for finite numbers is `===` (so -0 is 0). */
  private readonly numbers = new Map<number, T[]>()
  private trues: T[] | undefined
  private falses: T[] | undefined
  private nulls: T[] | undefined

  /** Files `item` under `value` (once, however often it is filed there in a row). */
  add(value: Scalar, item: T): void {
    let list: T[]
    if (typeof value === 'string') list = listIn(this.texts, value)
    else if (typeof value === 'number') list = listIn(this.numbers, value)
    else if (value === true) list = this.trues ??= []
    else if (value === false) list = this.falses ??= []
    else list = this.nulls ??= []
    if (list.at(-1) !== item) list.push(item)
  }

  /**
   * Puts in `out` the lists filed under every value that `seen` equals, and answers how many
   * (up to MAX_LOOKUP_LISTS). An item filed under several such values is in several lists.
   */
  lookup(seen: unknown, out: T[][]): number {
    if (seen === null) {
      if (this.nulls === undefined) return 0
      out[0] = this.nulls
      return 1
    }
    const kind = typeof seen
    if (kind !== 'string' && kind !== 'number' && kind !== 'boolean') return 0
    let found = 0
    if (this.texts.size > 0) {
      const list = this.texts.get(kind === 'string' ? (seen as string) : String(seen))
      if (list !== undefined) out[found++] = list
    }
    if (this.numbers.size > 0) {
      const number = toNumber(seen)
      const list = Number.isNaN(number) ? undefined : this.numbers.get(number)
      if (list !== undefined) out[found++] = list
    }
    if (this.trues !== undefined || this.falses !== undefined) {
      const flag = toBoolean(seen)
      const list = flag === true ? this.trues : flag === false ? this.falses : undefined
      if (list !== undefined) out[found++] = list
    }
    return found
  }
}

/** The list filed under `key`, made empty if there is none yet. */
export function listIn<K, T>(map: Map<K, T[]>, key: K): T[] {
  let list = map.get(key)
  if (list === undefined) map.set(key, (list = []))
  return list
}
