/**
 * The endings of suffix-keyed triggers on one field (suffix-keys.ts), each leading to what was
 * filed under it, and the lookup that answers, for a value seen in an event, exactly the entries
 * whose `ends-with` holds for it the way operators.ts tests it: text as it is, a number or boolean
 * by its text (`String`), anything else never. An event's value is looked up once per distinct
 * length written, however many triggers wrote an ending of that length.
 *
 * Endings of up to PACKED characters below U+0080 (digits, letters: nearly all written) are looked
 * up by a number packed from their characters, so a lookup builds no text; others by the text of
 * the value's last characters.
 */

import { listIn } from './value-table'

/** Endings up to this long, all of them ASCII, are looked up packed into a small integer. */
const PACKED = 4

/** The last `length` characters of `text` packed 7 bits each, or -1 if one is not ASCII. */
function packEnd(text: string, length: number): number {
  let code = 0
  for (let i = text.length - length; i < text.length; i++) {
    const char = text.charCodeAt(i)
    if (char >= 0x80) return -1
    code = (code << 7) | char
  }
  return code
}

interface Ending<T> {
  length: number
  /** By packed code (ASCII endings up to PACKED characters). */
  packed: Map<number, T[]>
  /** By text (the others). */
  texts: Map<string, T[]>
}

export class SuffixTable<T> {
  /** One per distinct length written, shortest first. */
  private readonly endings: Ending<T>[] = []

  /** Files `item` under `suffix` (once, however often it is filed there in a row); not ''. */
  add(suffix: string, item: T): void {
    const length = suffix.length
    let ending = this.endings.find((known) => known.length === length)
    if (ending === undefined) {
      ending = { length, packed: new Map(), texts: new Map() }
      this.endings.push(ending)
      this.endings.sort((a, b) => a.length - b.length)
    }
    const code = length <= PACKED ? packEnd(suffix, length) : -1
    const list = code >= 0 ? listIn(ending.packed, code) : listIn(ending.texts, suffix)
    if (list.at(-1) !== item) list.push(item)
  }

  /**
   * Puts in `out` the lists filed under every ending `seen` has, and answers how many. An item
   * filed under several of them is in several lists.
   */
  lookup(seen: unknown, out: T[][]): number {
    let text: string
    if (typeof seen === 'string') text = seen
    else if (typeof seen === 'number' || typeof seen === 'boolean') text = String(seen)
    else return 0
    let found = 0
    for (let e = 0; e < this.endings.length; e++) {
      const { length, packed, texts } = this.endings[e]!
      if (length > text.length) break
      const code = length <= PACKED ? packEnd(text, length) : -1
      const list =
        code >= 0
          ? packed.get(code)
          : texts.size > 0
            ? texts.get(text.slice(text.length - length))
            : undefined
      if (list !== undefined) out[found++] = list
    }
    return found
  }
}
