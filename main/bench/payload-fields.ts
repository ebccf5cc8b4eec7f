/**
 * `--transport fields` of the second-thread prototype (worker-split.ts, bench only): instead of
 * the frame's whole text, the ring carries only the payload members the triggers name, read by
 * the main thread from the payload it has already parsed, so the trigger thread builds a small
 * payload object and parses no JSON for the commonest values.
 *
 * A payload that is not an object goes whole, as JSON after a `w`. Otherwise one tag per field, in
 * the order of the list both sides hold, then each present value after a U+0000: `-` when the
 * payload has no such member of its own (no value follows), `s` and the string when it is a
 * string without U+0000, `n` and the number when its text reads back as the same number, `j` and
 * its JSON otherwise (objects, arrays, booleans, null, strings with U+0000: JSON escapes U+0000,
 * so no value holds the separator). The worker then slices each value once, with no array.
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

export function encodeFields(payload: unknown, fields: readonly string[]): string {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    return `w${JSON.stringify(payload)}`
  const object = payload as Record<string, unknown>
  let tags = ''
  let values = ''
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!
    const value = Object.hasOwn(object, field) ? object[field] : undefined
    if (value === undefined) tags += '-'
    else if (typeof value === 'string' && !value.includes(SEPARATOR)) {
      tags += 's'
      values += SEPARATOR + value
    } else if (typeof value === 'number' && Object.is(Number(String(value)), value)) {
      tags += 'n'
      values += SEPARATOR + String(value)
    } else {
      tags += 'j'
      values += SEPARATOR + JSON.stringify(value)
    }
  }
  return tags + values
}

/** The payload `encodeFields` was given, with only `fields`; throws on text it did not write. */
export function decodeFields(text: string, fields: readonly string[]): unknown {
  if (text.startsWith('w')) return JSON.parse(text.slice(1)) as unknown
  const payload: Record<string, unknown> = {}
  const count = fields.length
  // The tags, then each present value after a separator: one slice per value, no array.
  let at = count
  for (let i = 0; i < count; i++) {
    const tag = text.charCodeAt(i)
    if (tag === 45 /* - */) continue
    if (text.charCodeAt(at) !== 0) throw new Error(`no value for field ${i} at ${at}`)
    let end = text.indexOf(SEPARATOR, at + 1)
    if (end < 0) end = text.length
    const item = text.slice(at + 1, end)
    at = end
    const value: unknown =
      tag === 115 /* s */
        ? item
        : tag === 110 /* n */
          ? Number(item)
          : tag === 106 /* j */
            ? JSON.parse(item)
            : fail(text.slice(0, count))
    const field = fields[i]!
    setMember(payload, field, value)
  }
  if (at !== text.length) throw new Error(`${text.length - at} characters left over`)
  return payload
}

function fail(tags: string): never {
  throw new Error(`tags that are not -, s, n or j: "${tags.slice(0, 20)}"`)
}

/** Sets `payload[field]` as an own property: a member named `__proto__` never the prototype. */
export function setMember(payload: Record<string, unknown>, field: string, value: unknown): void {
  if (field === '__proto__')
    Object.defineProperty(payload, field, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  else payload[field] = value
}
