/**
 * The ranges of range-keyed triggers on one field (range-keys.ts), each leading to what was filed
 * under it, and the lookup that answers, for a value seen in an event, exactly the entries whose
 * range holds for it: the value read as a number the way operators.ts reads it (`toNumber`:
 * `"17"`, `"17.000000"`, 17; anything else is NaN, in no range). Equal ranges share one entry
 * list, so an event tests each distinct range once, however many triggers wrote it.
 */

import { toNumber } from '../../../shared/conditions/coercion'

/** Numbers from `low` to `high`, each end included unless open. */
export interface Range {
  low: number
  high: number
  lowOpen: boolean
  highOpen: boolean
}

export class RangeTable<T> {
  private readonly ranges: Range[] = []
  private readonly lists: T[][] = []

  /** Files `item` under `range` (once, however often it is filed there in a row). */
  add(range: Range, item: T): void {
    let at = this.ranges.findIndex((known) => sameRange(known, range))
    if (at < 0) {
      at = this.ranges.push(range) - 1
      this.lists.push([])
    }
    const list = this.lists[at]!
    if (list.at(-1) !== item) list.push(item)
  }

  /**
   * Puts in `out` the lists filed under every range that holds `seen`, and answers how many. An
   * item filed under several such ranges is in several lists.
   */
  lookup(seen: unknown, out: T[][]): number {
    const number = toNumber(seen)
    if (Number.isNaN(number)) return 0
    let found = 0
    for (let i = 0; i < this.ranges.length; i++) {
      const { low, high, lowOpen, highOpen } = this.ranges[i]!
      if (lowOpen ? number <= low : number < low) continue
      if (highOpen ? number >= high : number > high) continue
      out[found++] = this.lists[i]!
    }
    return found
  }
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.low === b.low && a.high === b.high && a.lowOpen === b.lowOpen && a.highOpen === b.highOpen
  )
}
