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

/**
 * A length's endings of up to SHORT_LIST packed codes are found by comparing each: a few integer
 * compares cost less than hashing into a map.
 */
const SHORT_LIST = 8

/** `text`'s character `at` (counting from 0), or -1 when it is not ASCII. */
function ascii(text: string, at: number): number {
  const char = text.charCodeAt(at)
  return char < 0x80 ? char : -1
}

/** The last `length` characters of `text` packed 7 bits each, or -1 if one is not ASCII. */
function packEnd(text: string, length: number): number {
  let code = 0
  for (let i = text.length - length; i < text.length; i++) {
    const char = ascii(text, i)
    if (char < 0) return -1
    code = (code << 7) | char
  }
  return code
}

interface Ending<T> {
  length: number
  /** Packed codes (ASCII endings up to PACKED characters), each with its list at `lists`. */
  codes: number[]
  lists: T[][]
  /** The same by code, once there are more than SHORT_LIST of them. */
  packed: Map<number, T[]> | undefined
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
      ending = { length, codes: [], lists: [], packed: undefined, texts: new Map() }
      this.endings.push(ending)
      this.endings.sort((a, b) => a.length - b.length)
    }
    const code = length <= PACKED ? packEnd(suffix, length) : -1
    let list: T[]
    if (code < 0) list = listIn(ending.texts, suffix)
    else {
      let at = ending.codes.indexOf(code)
      if (at < 0) {
        at = ending.codes.push(code) - 1
        ending.lists.push([])
        if (ending.codes.length > SHORT_LIST)
          ending.packed = new Map(ending.codes.map((known, i) => [known, ending.lists[i]!]))
      }
      list = ending.lists[at]!
    }
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
    // The packed code of the value's last `have` characters, grown one length to the next.
    let code = 0
    let have = 0
    for (let e = 0; e < this.endings.length; e++) {
      const ending = this.endings[e]!
      const length = ending.length
      if (length > text.length) break
      while (have < length && have < PACKED && code >= 0) {
        const char = ascii(text, text.length - ++have)
        code = char < 0 ? -1 : code | (char << (7 * (have - 1)))
      }
      let list: T[] | undefined
      if (length <= PACKED && code >= 0) {
        if (ending.packed !== undefined) list = ending.packed.get(code)
        else {
          const codes = ending.codes
          for (let i = 0; i < codes.length; i++) {
            if (codes[i] === code) {
              list = ending.lists[i]
              break
            }
          }
        }
      } else if (ending.texts.size > 0) list = ending.texts.get(text.slice(text.length - length))
      if (list !== undefined) out[found++] = list
    }
    return found
  }
}
