/**
 * The engine's field catalogue, read for the trigger builder: field suggestions for the sources
 * and types a draft looks at, the event types known per source, and "catalogue drift", a trigger
 * whose condition reads a field that its events stopped carrying (a renamed field in an API
 * update, say), so it silently never matches.
 */

import type { CatalogueEntry } from '../../shared/catalogue'
import type { Condition } from '../../shared/conditions/schema'
import { eventSelector } from '../../shared/event-selector'
import { formatFieldPath, parseFieldPath } from '../../shared/field-path'
import { kindOf, type FieldSuggestion, type ValueType } from './field-suggestions'
import { leavesOf } from './condition-tree'

interface Selection {
  sources: readonly string[]
  events: readonly string[]
}

/** The catalogue's payload-relative path (`Items.*.Value`) as a condition writes it. */
export function conditionPath(payloadPath: string): string | null {
  const parsed = parseFieldPath(payloadPath)
  return parsed.ok ? formatFieldPath(['payload', ...parsed.path.segments]) : null
}

function entriesFor(entries: readonly CatalogueEntry[], selection: Selection): CatalogueEntry[] {
  const types = new Set(selection.events.map((name) => eventSelector(name).type))
  return entries.filter(
    (entry) =>
      (selection.sources.length === 0 || selection.sources.includes(entry.sourceId)) &&
      (types.size === 0 || types.has(entry.type)),
  )
}

/** Suggestions for a draft's sources and types, most often seen first. */
export function catalogueFields(
  entries: readonly CatalogueEntry[],
  selection: Selection,
): FieldSuggestion[] {
  const merged = new Map<string, FieldSuggestion & { typeSet: Set<ValueType> }>()
  for (const entry of entriesFor(entries, selection)) {
    for (const field of entry.fields) {
      const path = conditionPath(field.path)
      if (!path) continue
      const known = merged.get(path)
      if (!known) {
        merged.set(path, {
          path,
          types: [],
          typeSet: new Set(field.types),
          kind: 'unknown',
          samples: [...field.samples],
          seen: field.seen,
          lastSeenAt: field.lastSeenAt,
        })
        continue
      }
      field.types.forEach((type) => known.typeSet.add(type))
      for (const sample of field.samples)
        if (known.samples.length < 5 && !known.samples.includes(sample)) known.samples.push(sample)
      known.seen += field.seen
      known.lastSeenAt = Math.max(known.lastSeenAt ?? 0, field.lastSeenAt)
    }
  }
  return [...merged.values()]
    .map(({ typeSet, ...field }) => {
      const types = [...typeSet]
      return { ...field, types, kind: kindOf(types, field.samples) }
    })
    .sort((a, b) => b.seen - a.seen || a.path.localeCompare(b.path))
}

/** Event types the catalogue knows for these sources (all sources when none), busiest first. */
export function catalogueTypes(
  entries: readonly CatalogueEntry[],
  sources: readonly string[],
): string[] {
  const counts = new Map<string, number>()
  for (const entry of entries) {
    if (sources.length > 0 && !sources.includes(entry.sourceId)) continue
    counts.set(entry.type, (counts.get(entry.type) ?? 0) + entry.events)
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t)
}

/** A field whose events keep coming while it stopped appearing in them (or never did). */
export interface Drift {
  field: string
  sourceId: string
  type: string
  /** When the field was last seen; null when the catalogue never saw it in these events. */
  lastSeenAt: number | null
  /** When the last event of the type arrived. */
  typeLastSeenAt: number
}

/** How far a field may trail its events' last arrival before it counts as gone. */
export const DRIFT_AFTER_MS = 60 * 60 * 1000
/** Sampled events of a type before "never seen" means something. */
const DRIFT_MIN_SAMPLES = 50

/**
 * The payload fields a trigger's condition reads that have not been seen lately in the events it
 * looks at: present in the catalogue's earlier samples but not for an hour of events since, or
 * never seen in many sampled events. `missing`/`exists` leaves are left out (absence is their
 * point), and so are types the catalogue stopped tracking (truncated entries).
 */
export function driftOf(
  trigger: Selection & { condition: Condition },
  entries: readonly CatalogueEntry[],
): Drift[] {
  const relevant = entriesFor(entries, trigger)
  if (relevant.length === 0) return []
  const drifts: Drift[] = []
  const checked = new Set<string>()
  for (const [, leaf] of leavesOf(trigger.condition)) {
    if (leaf.op === 'missing' || leaf.op === 'exists') continue
    if (!leaf.field.startsWith('payload.') && !leaf.field.startsWith('payload[')) continue
    if (checked.has(leaf.field)) continue
    checked.add(leaf.field)
    // Seen recently in any of the trigger's event types is enough.
    let worst: Drift | null = null
    let fine = false
    for (const entry of relevant) {
      const field = entry.fields.find((f) => conditionPath(f.path) === leaf.field)
      if (field && entry.lastSeenAt - field.lastSeenAt <= DRIFT_AFTER_MS) {
        fine = true
        break
      }
      if (!field && (entry.truncated || entry.sampled < DRIFT_MIN_SAMPLES)) {
        fine = true
        break
      }
      worst ??= {
        field: leaf.field,
        sourceId: entry.sourceId,
        type: entry.type,
        lastSeenAt: field?.lastSeenAt ?? null,
        typeLastSeenAt: entry.lastSeenAt,
      }
    }
    if (!fine && worst) drifts.push(worst)
  }
  return drifts
}
