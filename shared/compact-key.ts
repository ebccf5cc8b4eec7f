/**
 * Keys that engine state remembers (noise control's cooldown and dedupe keys, the previous values
 * and keys of `changed`) are rendered from events, so a stream decides their length: a dedupe
 * key of a 1 MiB payload is a 1 MiB string, and 10,000 of them would be 10 GB. A key longer than
 * MAX_KEY_CHARS is remembered by its length and a 53-bit digest instead, so each costs a few
 * dozen bytes whatever the event. Two different long keys share a digest with a chance of about
 * one in 10^15 per pair (birthday bound: one in 10^8 among 10,000 keys), in which case the second
 * is taken for a repeat of the first; keys up to the limit are kept whole and compared exactly.
 */

export const MAX_KEY_CHARS = 256

export function compactKey(text: string): string {
  if (text.length <= MAX_KEY_CHARS) return text
  // A NUL first: no key within the limit built by the engine starts with one, so a digest never
  // equals a short key.
  return `\u0000${text.length}:${cyrb53(text).toString(36)}`
}

/** Any value remembered for comparison: long strings go by their digest, the rest as they are. */
export function compactValue(value: unknown): unknown {
  return typeof value === 'string' ? compactKey(value) : value
}

/**
 * cyrb53 (public domain, by bryc): a fast, well-mixed 53-bit string hash over UTF-16 code units.
 * Not cryptographic; a stream could search for a collision, which would only make one key of its
 * own be taken for another of its own.
 */
function cyrb53(text: string): number {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507)
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507)
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}
