/**
 * The event types the builder suggests for a draft, and the placeholders it shows: all from what
 * the draft's own sources say (their catalogue entries, recent events, presets, and the triggers
 * that watch them), so a door source is never offered Census's `Death` or `{{payload.character_id}}`.
 */

import { parseFieldPath } from '../../shared/field-path'
import type { FieldSuggestion } from './field-suggestions'

export interface TypeSources {
  /** The types already on the draft. */
  chosen: readonly string[]
  /** From the field catalogue, for the draft's sources. */
  catalogued: readonly string[]
  /** From recent events of the draft's sources. */
  seen: readonly string[]
  /** From the presets of the draft's sources. */
  documented: readonly string[]
  /** Saved triggers: their types count where they watch one of the draft's sources. */
  triggers: readonly { sources: readonly string[]; events: readonly string[] }[]
}

/** Types for a draft watching `sources` (every source when empty), the likeliest first. */
export function suggestedTypes(sources: readonly string[], from: TypeSources): string[] {
  const configured = from.triggers
    .filter(
      (trigger) =>
        sources.length === 0 || trigger.sources.some((source) => sources.includes(source)),
    )
    .flatMap((trigger) => trigger.events)
  return [
    ...new Set([
      ...from.chosen,
      ...from.catalogued,
      ...from.seen,
      ...from.documented,
      ...configured,
    ]),
  ]
}

/** A key that says "this identifies the thing": `id`, `door_id`, `door-id`, `characterId`. */
const ID_KEY = /^id$|[_-]id$/i
const CAMEL_ID_KEY = /[a-z0-9]Id$/

function isIdLike(path: string): boolean {
  const parsed = parseFieldPath(path)
  const last = parsed.ok ? parsed.path.segments.at(-1) : undefined
  return typeof last === 'string' && (ID_KEY.test(last) || CAMEL_ID_KEY.test(last))
}

/**
 * The field a cooldown or repeat key most likely goes by: an id-like text or number field seen in
 * the draft's events (most seen first), else any text field, else none.
 */
export function keyFieldOf(fields: readonly FieldSuggestion[]): string | null {
  const payload = fields.filter(
    (field) =>
      (field.path.startsWith('payload.') || field.path.startsWith('payload[')) &&
      (field.kind === 'string' || field.kind === 'number'),
  )
  const id = payload.find((field) => isIdLike(field.path))
  return (id ?? payload.find((field) => field.kind === 'string'))?.path ?? null
}
