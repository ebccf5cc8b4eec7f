/**
 * Text as one token of a NATS subject, a KV key or a consumer name. Event types come from the
 * stream (hostile input) and node names from the user; a `.` would split a subject, `*` and `>`
 * are wildcards, whitespace ends the protocol line, and consumer names refuse all of these. So
 * every token is written in `[A-Za-z0-9_-]` plus `=` escapes, an alphabet all three accept.
 *
 * Tokens only route and filter: the message body carries the real source id and type, so a token
 * need not be decoded. It must be the same for the same text (filters work) and differ for
 * different texts: `=XX` escapes each UTF-8 byte outside the safe set (`=` included), the empty
 * text is `=`, and text longer than {@link MAX_TOKEN} characters once escaped keeps a prefix and
 * a SHA-256 digest behind `==`, which no escape produces.
 */

import { createHash } from 'node:crypto'

/** Long enough for any real type or name; short enough that a subject stays far below limits. */
export const MAX_TOKEN = 96

const SAFE = /^[A-Za-z0-9_-]*$/

export function subjectToken(text: string): string {
  if (text === '') return '='
  const escaped = SAFE.test(text) ? text : escape(text)
  if (escaped.length <= MAX_TOKEN) return escaped
  const digest = createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32)
  return `${escaped.slice(0, MAX_TOKEN - 34)}==${digest}`
}

function escape(text: string): string {
  let out = ''
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte)
    out +=
      byte < 0x80 && SAFE.test(char) ? char : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}
