/**
 * `--transport binary` of the second-thread prototype (worker-split.ts, bench only): the payload
 * members the triggers name (payload-fields.ts's list), as `--transport fields` sends them, but in
 * a binary layout written straight into the ring's record (event-ring.ts's `RingBody`) and read
 * back from the shared bytes with one decode for all its strings and no separator to search for.
 *
 * Layout: a kind byte, then for an object one entry per field in the list's order, a tag byte and:
 *  - `ABSENT` (the payload has no such member of its own), `TRUE`, `FALSE`, `NULL`: nothing;
 *  - `NUMBER`: the value as a little-endian Float64 (so -0 survives, as it would not through JSON);
 *  - `STRING`, `JSON`: a little-endian Uint32, the length in UTF-16 units of the string or of the
 *    value's JSON (objects and arrays, and strings with a lone surrogate, which UTF-8 cannot carry
 *    and JSON escapes);
 * and after the entries, to the record's end, all those strings joined, as UTF-8 written by one
 * `Buffer#write` (kind `OBJECT_UTF8`) or, when every byte is ASCII, read back as latin1 (kind
 * `OBJECT_ASCII`, the fast path); the reader decodes them once and slices each by its length. A
 * payload that is not an object: kind `WHOLE`, then its JSON as UTF-8.
 */

import { setMember } from './payload-fields'
import type { Buffer } from 'node:buffer'
import type { RingBody } from './event-ring'

const OBJECT_ASCII = 0
const OBJECT_UTF8 = 1
const WHOLE = 2
const ABSENT = 0
const NUMBER = 1
const TRUE = 2
const FALSE = 3
const NULL = 4
const STRING = 5
const JSON_TEXT = 6

/**
 * Encodes one payload at a time (reused: `prepare`, then the ring calls `writeTo` once). Not
 * thread-safe; `bound` is an upper bound of what `writeTo` writes.
 */
export class BinaryFieldsEncoder implements RingBody {
  bound = 0
  private whole: string | undefined
  private readonly fields: readonly string[]
  private readonly values: unknown[]
  /** Each value's JSON, for the values sent as JSON (objects and arrays: in `prepare`). */
  private readonly texts: (string | undefined)[]

  constructor(fields: readonly string[]) {
    this.fields = fields
    this.values = new Array<unknown>(fields.length)
    this.texts = new Array<string | undefined>(fields.length)
  }

  prepare(payload: unknown): this {
    const { fields, values, texts } = this
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      this.whole = JSON.stringify(payload)
      this.bound = 1 + 3 * this.whole.length
      return this
    }
    this.whole = undefined
    const object = payload as Record<string, unknown>
    let bound = 1
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!
      const value = Object.hasOwn(object, field) ? object[field] : undefined
      values[i] = value
      texts[i] = undefined
      // A string with a lone surrogate goes as JSON: up to 6 bytes a unit (`\ud800`), 2 quotes.
      if (typeof value === 'string') bound += 7 + 6 * value.length
      else if (typeof value === 'number') bound += 9
      else if (value !== null && typeof value === 'object') {
        const text = JSON.stringify(value)
        texts[i] = text
        bound += 5 + 3 * text.length
      } else bound += 1
    }
    this.bound = bound
    return this
  }

  writeTo(bytes: Buffer, start: number): number {
    if (this.whole !== undefined) {
      bytes[start] = WHOLE
      return 1 + bytes.write(this.whole, start + 1, 'utf8')
    }
    let joined = this.entries(bytes, start, false)
    const areaStart = this.areaStart
    let written = bytes.write(joined, areaStart, 'utf8')
    if (written === joined.length) bytes[start] = OBJECT_ASCII
    else if (joined.isWellFormed()) bytes[start] = OBJECT_UTF8
    else {
      // Rare: a string with a lone surrogate (UTF-8 would replace it), so it goes as JSON.
      joined = this.entries(bytes, start, true)
      written = bytes.write(joined, this.areaStart, 'utf8')
      bytes[start] = written === joined.length ? OBJECT_ASCII : OBJECT_UTF8
    }
    return this.areaStart + written - start
  }

  /** Where `entries` ended: the joined strings go there. */
  private areaStart = 0

  /** Writes the entries after the kind byte; answers the strings joined, in order. */
  private entries(bytes: Buffer, start: number, checkSurrogates: boolean): string {
    const { values, texts } = this
    let joined = ''
    let at = start + 1
    for (let i = 0; i < values.length; i++) {
      const value = values[i]
      if (typeof value === 'number') {
        bytes[at] = NUMBER
        bytes.writeDoubleLE(value, at + 1)
        at += 9
      } else if (typeof value === 'string') {
        const text = checkSurrogates && !value.isWellFormed() ? JSON.stringify(value) : value
        bytes[at] = text === value ? STRING : JSON_TEXT
        bytes.writeUInt32LE(text.length, at + 1)
        at += 5
        joined += text
      } else if (value === undefined) bytes[at++] = ABSENT
      else if (value === true) bytes[at++] = TRUE
      else if (value === false) bytes[at++] = FALSE
      else if (value === null) bytes[at++] = NULL
      else {
        const text = texts[i] ?? JSON.stringify(value)
        bytes[at] = JSON_TEXT
        bytes.writeUInt32LE(text.length, at + 1)
        at += 5
        joined += text
      }
    }
    this.areaStart = at
    return joined
  }
}

/**
 * The payload `BinaryFieldsEncoder` was given, with only `fields`, from `length` bytes at `start`;
 * throws on bytes it did not write (an unknown kind or tag, entries past the end, strings left
 * over or missing).
 */
export function decodeBinaryFields(
  bytes: Buffer,
  start: number,
  length: number,
  fields: readonly string[],
): unknown {
  const end = start + length
  if (length < 1) throw new Error('an empty record')
  const kind = bytes[start]
  if (kind === WHOLE) return JSON.parse(bytes.toString('utf8', start + 1, end)) as unknown
  if (kind !== OBJECT_ASCII && kind !== OBJECT_UTF8)
    throw new Error(`not a payload record: kind ${kind}`)
  // The entries' end, where the strings start: each tag's size, to the last field's.
  let at = start + 1
  for (let i = 0; i < fields.length; i++) {
    if (at >= end) throw new Error(`no entry for field ${i}`)
    const tag = bytes[at]!
    at +=
      tag === NUMBER ? 9 : tag === STRING || tag === JSON_TEXT ? 5 : tag <= NULL ? 1 : badTag(tag)
  }
  if (at > end) throw new Error('the entries run past the record')
  const area = bytes.toString(kind === OBJECT_ASCII ? 'latin1' : 'utf8', at, end)
  const payload: Record<string, unknown> = {}
  let from = 0
  at = start + 1
  for (let i = 0; i < fields.length; i++) {
    const tag = bytes[at]!
    let value: unknown
    if (tag === NUMBER) {
      value = bytes.readDoubleLE(at + 1)
      at += 9
    } else if (tag === STRING || tag === JSON_TEXT) {
      const to = from + bytes.readUInt32LE(at + 1)
      if (to > area.length) throw new Error(`field ${i}'s string runs past the record`)
      const text = area.slice(from, to)
      value = tag === STRING ? text : (JSON.parse(text) as unknown)
      from = to
      at += 5
    } else {
      at++
      if (tag === ABSENT) continue
      value = tag === TRUE ? true : tag === FALSE ? false : null
    }
    const field = fields[i]!
    setMember(payload, field, value)
  }
  if (from !== area.length) throw new Error(`${area.length - from} characters left over`)
  return payload
}

function badTag(tag: number): never {
  throw new Error(`an unknown tag: ${tag}`)
}
