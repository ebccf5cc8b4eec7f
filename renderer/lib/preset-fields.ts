/**
 * What the presets say about their events before any arrives (`preset:list`): the known event
 * types of the presets a draft's sources use, and their payload fields for autocomplete.
 */

import type { PresetDescriptor } from '../../shared/preset-descriptor'
import type { PresetId } from '../../shared/preset-id'
import { eventSelector } from '../../shared/event-selector'
import { conditionPath } from './catalogue-fields'
import { kindOf, type FieldSuggestion } from './field-suggestions'

/** `*` stands for "every event of the preset" (its types come from the data), not a type. */
const EVERY = '*'

/** Known event types of these presets, in the presets' own order. */
export function presetTypes(
  presets: readonly PresetDescriptor[],
  ids: ReadonlySet<PresetId>,
): string[] {
  return presets
    .filter((preset) => ids.has(preset.id))
    .flatMap((preset) => preset.events.map((spec) => spec.type))
    .filter((type) => type !== EVERY)
}

/** The fields the presets document for these event types (every type when none is chosen). */
export function presetFields(
  presets: readonly PresetDescriptor[],
  ids: ReadonlySet<PresetId>,
  events: readonly string[],
): FieldSuggestion[] {
  const types = new Set(events.map((name) => eventSelector(name).type))
  const byPath = new Map<string, FieldSuggestion>()
  for (const preset of presets) {
    if (!ids.has(preset.id)) continue
    for (const spec of preset.events) {
      if (types.size > 0 && spec.type !== EVERY && !types.has(spec.type)) continue
      for (const field of spec.fields) {
        const path = conditionPath(field.path)
        if (!path || byPath.has(path)) continue
        const samples = field.values ?? []
        byPath.set(path, {
          path,
          types: field.types,
          kind: kindOf(field.types, samples),
          samples,
          seen: 0,
          ...(field.description ? { description: field.description } : {}),
        })
      }
    }
  }
  return [...byPath.values()]
}
