/**
 * How deeply a JSON frame nests, checked on its bytes before it is parsed. `JSON.parse` accepts
 * nesting far deeper than the rest of Vigil can take: half a megabyte of `[[[[…]]]]` parses, then
 * `JSON.stringify` (history) and `structuredClone` (the UI, the SQLite thread) run out of stack
 * on it long after the frame was accepted. No real service nests anywhere near MAX_FRAME_DEPTH.
 *
 * Only frames over DEPTH_CHECK_BYTES are scanned, so ordinary frames cost nothing more: a balanced
 * frame of n bytes nests at most n/2 deep, and 2,048 levels is well within what those can handle.
 */

export const MAX_FRAME_DEPTH = 256
export const DEPTH_CHECK_BYTES = 4_096

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d

/**
 * Whether `data` opens more than `max` arrays or objects inside one another, counting brackets
 * and braces outside strings. Bytes of multi-byte UTF-8 characters are all 0x80 and above, so
 * they are never mistaken for one of these.
 */
export function nestsDeeperThan(data: Uint8Array, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < data.length; i++) {
    const byte = data[i]
    if (inString) {
      if (byte === BACKSLASH) i++
      else if (byte === QUOTE) inString = false
    } else if (byte === QUOTE) {
      inString = true
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (++depth > max) return true
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth--
    }
  }
  return false
}
