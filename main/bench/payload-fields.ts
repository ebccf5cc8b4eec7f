/**
 * `--transport fields` of the second-thread prototype (worker-split.ts, bench only): instead of
 * the frame's whole text, the ring carries only the payload members the triggers name, read by
 * the main thread from the payload it has already parsed, so the trigger thread builds a small
 * payload object and parses no JSON for the commonest values.
 *
 * A payload that is not an object goes whole, as JSON after a `w`. Otherwise one entry per field,
 * in the order of the list both sides hold, joined by U+0000: empty when the payload has no such
 * member of its own, `s` and the string when it is a string without U+0000, `n` and the number
 * when its text reads back as the same number, `j` and its JSON otherwise (objects, arrays,
 * booleans, null, strings with U+0000: JSON escapes U+0000, so no entry holds the separator).
 * Only -0 does not survive (it reads back as 0, as through JSON).
 */

import type { TriggerConfig } from '../../shared/trigger-config'

const SEPARATOR = '\u0000'

/**
 * The payload's top-level members the triggers name anywhere: conditions, `changed` keys, noise
 * keys and action templates (`payload.<member>` in their JSON). Bench only: a product would take
 * them from the compiled triggers.
 */
export function triggerPayloadFields(triggers: readonly TriggerConfig[]): string[] {
  const fields = new Set<string>()
  for (const trigger of triggers)
    for (const match of JSON.stringify(trigger).matchAll(/payload\.([\p{L}\p{N}_$-]+)/gu))
      fields.add(match[1]!)
  return [...fields].sort()
}

function entry(value: unknown): string {
  if (value === undefined) return ''
  if (typeof value === 'string' && !value.includes(SEPARATOR)) return `s${value}`
  if (typeof value === 'number' && Object.is(Number(String(value)), value)) return `n${value}`
  return `j${JSON.stringify(value)}`
}

export function encodeFields(payload: unknown, fields: readonly string[]): string {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    return `w${JSON.stringify(payload)}`
  const object = payload as Record<string, unknown>
  let text = ''
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!
    if (i > 0) text += SEPARATOR
    text += entry(Object.hasOwn(object, field) ? object[field] : undefined)
  }
  return text
}

/** The payload `encodeFields` was given, with only `fields`; throws on text it did not write. */
export function decodeFields(text: string, fields: readonly string[]): unknown {
  if (text.startsWith('w')) return JSON.parse(text.slice(1)) as unknown
  const payload: Record<string, unknown> = {}
  // No field at all: nothing to split (''.split gives one entry).
  const entries = fields.length === 0 && text === '' ? [] : text.split(SEPARATOR)
  if (entries.length !== fields.length)
    throw new Error(`${entries.length} entries for ${fields.length} fields`)
  for (let i = 0; i < entries.length; i++) {
    const item = entries[i]!
    if (item === '') continue
    const tag = item.charCodeAt(0)
    const value: unknown =
      tag === 115 /* s */
        ? item.slice(1)
        : tag === 110 /* n */
          ? Number(item.slice(1))
          : tag === 106 /* j */
            ? JSON.parse(item.slice(1))
            : fail(item)
    const field = fields[i]!
    // A member named `__proto__` as an own property, never the object's prototype.
    if (field === '__proto__')
      Object.defineProperty(payload, field, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    else payload[field] = value
  }
  return payload
}

function fail(item: string): never {
  throw new Error(`an entry that is not s, n or j: "${item.slice(0, 20)}"`)
}
