/**
 * The presets Vigil ships, by id: what both sides need to agree on. Which ids a config may name,
 * each preset's `options` schema (validated with the config, so an unknown key is an error with
 * its path), the descriptor the UI builds forms from, and the pure helpers forms use (URL
 * builders, event messages). The protocol logic itself lives in main/services/presets/.
 *
 * Adding a preset: a module in shared/presets/ (options schema, descriptor, URL builder), one in
 * main/services/presets/ (the protocol), and an entry in each registry.
 */

import type { z } from 'zod'
import type { PresetDescriptor } from './preset-descriptor'
import { PRESET_IDS, type PresetId } from './preset-id'
import { validateWith, type Validation } from './schema-kit'
import { buildCensusUrl, censusDescriptor, censusOptionsSchema } from './presets/census'
import { ebsocketsDescriptor, ebsocketsMessage, ebsocketsOptionsSchema } from './presets/ebsockets'
import { genericDescriptor, genericOptionsSchema } from './presets/generic'
import { buildNeuroioUrl, neuroioDescriptor, neuroioOptionsSchema } from './presets/neuroio'
import { buildPiUrl, piDescriptor, piOptionsSchema } from './presets/piwebapi'
import {
  buildSimplisafeUrl,
  simplisafeDescriptor,
  simplisafeOptionsSchema,
} from './presets/simplisafe'

/** Each preset's `options` schema; a source without `options` gets every default. */
export const PRESET_OPTION_SCHEMAS = {
  generic: genericOptionsSchema,
  census: censusOptionsSchema,
  neuroio: neuroioOptionsSchema,
  piwebapi: piOptionsSchema,
  simplisafe: simplisafeOptionsSchema,
  ebsockets: ebsocketsOptionsSchema,
} as const satisfies Record<PresetId, z.ZodType<Record<string, unknown>>>

/** A preset's options with every default filled, as the engine uses them. */
export type PresetOptions<P extends PresetId> = z.output<(typeof PRESET_OPTION_SCHEMAS)[P]>
/** What a config may write under `options` for that preset. */
export type PresetOptionsInput<P extends PresetId> = z.input<(typeof PRESET_OPTION_SCHEMAS)[P]>

/** Each preset's descriptor; keyed by id, so a preset missing here is a type error. */
const DESCRIPTORS: { [P in PresetId]: PresetDescriptor<P> } = {
  generic: genericDescriptor,
  census: censusDescriptor,
  neuroio: neuroioDescriptor,
  piwebapi: piDescriptor,
  simplisafe: simplisafeDescriptor,
  ebsockets: ebsocketsDescriptor,
}

/** In the order a preset picker shows them: PRESET_IDS's. */
export const PRESET_DESCRIPTORS: readonly PresetDescriptor[] = PRESET_IDS.map(
  (id) => DESCRIPTORS[id],
)

export function presetDescriptor(id: PresetId): PresetDescriptor {
  return DESCRIPTORS[id]
}

export const PRESET_LABELS: Record<PresetId, string> = Object.fromEntries(
  PRESET_DESCRIPTORS.map((descriptor) => [descriptor.id, descriptor.label]),
) as Record<PresetId, string>

/** Checks a preset's options (absent counts as `{}`), answering every problem with its path. */
export function validatePresetOptions<P extends PresetId>(
  id: P,
  options: unknown,
): Validation<PresetOptions<P>> {
  return validateWith(PRESET_OPTION_SCHEMAS[id], options ?? {}) as Validation<PresetOptions<P>>
}

const URL_BUILDERS: Record<PresetId, (options: Record<string, unknown>) => string | null> = {
  generic: () => null,
  census: (options) => buildCensusUrl(options),
  neuroio: () => buildNeuroioUrl(),
  piwebapi: (options) => buildPiUrl(options),
  simplisafe: () => buildSimplisafeUrl(),
  ebsockets: () => null,
}

/**
 * The URL a form fills in from a preset's options, or null when the preset cannot build one (a
 * generic source, or options still incomplete or invalid). Users may replace it with any URL.
 */
export function buildPresetUrl(id: PresetId, options: unknown): string | null {
  const checked = validatePresetOptions(id, options)
  return checked.ok ? URL_BUILDERS[id](checked.value) : null
}

/** The secret references a source's options name (its `secret` fields). */
export function presetSecretRefs(id: PresetId, options: unknown): string[] {
  if (options === null || typeof options !== 'object') return []
  const values = options as Record<string, unknown>
  return DESCRIPTORS[id].fields
    .filter((field) => field.kind === 'secret')
    .map((field) => values[field.key])
    .filter((ref): ref is string => typeof ref === 'string')
}

/**
 * The message that sends an event of `type` to a preset whose messages share its events' shape
 * (ebsockets-style); null for presets that have no such shape.
 */
export function buildEventMessage(
  id: PresetId,
  type: string,
  attributes: Record<string, unknown> = {},
): string | null {
  return id === 'ebsockets' ? ebsocketsMessage(type, attributes) : null
}
