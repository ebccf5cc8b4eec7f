/**
 * Field paths the builder can suggest, learnt from events at hand (the live window and a sample of
 * the chosen types) until the engine's field catalogue arrives over the contract. Paths are built
 * from segments with the shared field-path helpers, so a key with a dot or a space is written the
 * way the engine reads it (`payload["odd.key"]`), and lists become `*` wildcards.
 */

import type { VigilEvent } from '../../shared/domain'
import { formatFieldPath, WILDCARD, type PathSegment } from '../../shared/field-path'
import { toBoolean, toNumber } from '../../shared/conditions/coercion'
import { KIND_LABELS, type FieldKind } from './operator-choice'
import { formatAgo } from './relative-time'

export type ValueType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array'

export interface FieldSuggestion {
  path: string
  /** JSON types seen at this path. */
  types: ValueType[]
  /** How the values read for choosing operators (Census's "30.000000" reads as a number). */
  kind: FieldKind
  /** A few distinct values seen, as received. */
  samples: (string | number | boolean | null)[]
  /** Events the path was seen in. */
  seen: number
  /** From the field catalogue: when the path was last seen. */
  lastSeenAt?: number
  /** From the preset: what the field means. */
  description?: string
}

const MAX_DEPTH = 6
const MAX_PATHS = 500
const MAX_SAMPLES = 5

interface Tally {
  types: Set<ValueType>
  samples: (string | number | boolean | null)[]
  seen: number
  lastEvent: number
}

function typeOf(value: unknown): ValueType {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  const type = typeof value
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'object'
}

/** The event's own fields, which every event has. */
const EVENT_FIELDS: FieldSuggestion[] = [
  { path: 'type', types: ['string'], kind: 'string', samples: [], seen: 0 },
  { path: 'sourceId', types: ['string'], kind: 'string', samples: [], seen: 0 },
  { path: 'receivedAt', types: ['number'], kind: 'number', samples: [], seen: 0 },
]

/** How a set of sample values reads: all booleans-ish, all numbers-ish, text, or structure. */
export function kindOf(types: readonly ValueType[], samples: readonly unknown[]): FieldKind {
  if (types.length === 0) return 'unknown'
  if (types.every((t) => t === 'object' || t === 'array')) return 'structure'
  const scalars = samples.filter((value) => value !== null)
  if (types.every((t) => t === 'boolean' || t === 'null')) return 'boolean'
  if (scalars.length > 0) {
    // Census flags are "0"/"1": booleans first, since they also read as numbers.
    if (scalars.every((v) => toBoolean(v) !== undefined) && types.includes('string'))
      return 'boolean'
    if (scalars.every((v) => !Number.isNaN(toNumber(v)))) return 'number'
  }
  if (types.every((t) => t === 'number' || t === 'null')) return 'number'
  return 'string'
}

function walk(
  value: unknown,
  segments: PathSegment[],
  tallies: Map<string, Tally>,
  eventId: number,
): void {
  if (segments.length > 1) {
    const path = formatFieldPath(segments)
    let tally = tallies.get(path)
    if (!tally) {
      if (tallies.size >= MAX_PATHS) return
      tally = { types: new Set(), samples: [], seen: 0, lastEvent: -1 }
      tallies.set(path, tally)
    }
    tally.types.add(typeOf(value))
    // A wildcard path meets several values per event; it was still seen in one event.
    if (tally.lastEvent !== eventId) {
      tally.seen++
      tally.lastEvent = eventId
    }
    const scalar = value === null || typeof value !== 'object'
    if (scalar && tally.samples.length < MAX_SAMPLES && !tally.samples.includes(value as never))
      tally.samples.push(value as string | number | boolean | null)
  }
  if (value === null || typeof value !== 'object' || segments.length > MAX_DEPTH) return
  if (Array.isArray(value)) {
    for (const item of value.slice(0, 20)) walk(item, [...segments, WILDCARD], tallies, eventId)
    return
  }
  for (const [key, child] of Object.entries(value))
    walk(child, [...segments, key], tallies, eventId)
}

/**
 * Every path seen in the events' payloads, most often seen first, then the event's own fields.
 * Runs over a bounded sample; callers pass at most a few hundred events.
 */
export function suggestFields(events: readonly VigilEvent[]): FieldSuggestion[] {
  const tallies = new Map<string, Tally>()
  for (const event of events) walk(event.payload, ['payload'], tallies, event.id)
  const fields = [...tallies].map(([path, tally]): FieldSuggestion => {
    const types = [...tally.types]
    return {
      path,
      types,
      kind: kindOf(types, tally.samples),
      samples: tally.samples,
      seen: tally.seen,
    }
  })
  fields.sort((a, b) => b.seen - a.seen || a.path.localeCompare(b.path))
  const types = [...new Set(events.map((event) => event.type))].slice(0, MAX_SAMPLES)
  const sources = [...new Set(events.map((event) => event.sourceId))].slice(0, MAX_SAMPLES)
  return [
    ...fields,
    ...EVENT_FIELDS.map((field) =>
      field.path === 'type'
        ? { ...field, samples: types, seen: events.length }
        : field.path === 'sourceId'
          ? { ...field, samples: sources, seen: events.length }
          : { ...field, seen: events.length },
    ),
  ]
}

/**
 * Suggestion lists as one, in order; the first list with a path wins, except for what a field's
 * values say: a path known only by its documented types (no samples, such as a preset's
 * `is_headshot`, a string that holds "0"/"1") takes its kind and samples from the first later list
 * that has seen values. Otherwise a field's kind, and so the default operator and value a picked
 * field gets, would depend on which list had loaded when it was picked.
 */
export function mergeSuggestions(
  ...lists: readonly (readonly FieldSuggestion[])[]
): FieldSuggestion[] {
  const index = new Map<string, number>()
  const out: FieldSuggestion[] = []
  for (const list of lists) {
    for (const field of list) {
      const at = index.get(field.path)
      if (at === undefined) {
        index.set(field.path, out.length)
        out.push(field)
        continue
      }
      const kept = out[at]!
      if (kept.samples.length === 0 && field.samples.length > 0)
        out[at] = { ...kept, kind: field.kind, samples: field.samples }
    }
  }
  return out
}

/**
 * Suggestions whose path contains the text typed so far (any case), best first: the path typed
 * exactly (so a known path stays listed, and known, once picked), then the ones it starts, then the
 * ones it is inside.
 */
export function matchFields(
  fields: readonly FieldSuggestion[],
  text: string,
  limit = 50,
): FieldSuggestion[] {
  const needle = text.trim().toLowerCase()
  if (!needle) return fields.slice(0, limit)
  const exact: FieldSuggestion[] = []
  const starts: FieldSuggestion[] = []
  const contains: FieldSuggestion[] = []
  for (const field of fields) {
    const path = field.path.toLowerCase()
    if (path === needle) exact.push(field)
    else if (path.startsWith(needle)) starts.push(field)
    else if (path.includes(needle)) contains.push(field)
  }
  return [...exact, ...starts, ...contains].slice(0, limit)
}

/** A suggestion in a few words: its kind, a few values, when it was last seen or what it means. */
export function describeField(field: FieldSuggestion, now: number): string {
  const samples = field.samples
    .slice(0, 3)
    .map((value) => JSON.stringify(value))
    .join(', ')
  const parts = [KIND_LABELS[field.kind]]
  if (samples) parts.push(`e.g. ${samples}`)
  if (field.lastSeenAt) parts.push(`seen ${formatAgo(field.lastSeenAt, now)}`)
  else if (field.description) parts.push(field.description)
  return parts.join(' · ')
}

/** The event types among the events, most frequent first. */
export function typesSeen(events: readonly VigilEvent[]): string[] {
  const counts = new Map<string, number>()
  for (const event of events) counts.set(event.type, (counts.get(event.type) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([type]) => type)
}
