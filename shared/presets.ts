/**
 * The presets Vigil ships, by id: what both sides need to agree on. Which ids a config may name,
 * each preset's `options` schema (validated with the config, so an unknown key is an error with
 * its path), the descriptor the UI builds forms from, and the pure helpers forms use (URL
 * builders, event messages). The protocol logic itself lives in main/services/presets/.
 *
 * Adding a preset: its id in shared/preset-id.ts, a module in shared/presets/ (options schema,
 * descriptor, URL builder) with its entry in SPECS here, and one in main/services/presets/ (the
 * protocol) with its entry in that folder's index.ts (docs/architecture.md, "Adding a preset").
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

/** What shared code knows of one preset, all from its module in shared/presets/. */
interface SharedPresetSpec<P extends PresetId> {
  /** Its `options` schema; a source without `options` gets every default. */
  optionsSchema: z.ZodType<Record<string, unknown>>
  descriptor: PresetDescriptor<P>
  /** The URL a form fills in from valid options; null when the preset cannot build one. */
  buildUrl: (options: Record<string, unknown>) => string | null
  /** For presets whose messages share their events' shape: the message sending an event. */
  eventMessage?: (type: string, attributes: Record<string, unknown>) => string
}

/** The registry: one entry per preset, keyed by id, so a preset missing here is a type error. */
const SPECS = {
  generic: {
    optionsSchema: genericOptionsSchema,
    descriptor: genericDescriptor,
    buildUrl: () => null,
  },
  census: {
    optionsSchema: censusOptionsSchema,
    descriptor: censusDescriptor,
    buildUrl: (options) => buildCensusUrl(options),
  },
  neuroio: {
    optionsSchema: neuroioOptionsSchema,
    descriptor: neuroioDescriptor,
    buildUrl: buildNeuroioUrl,
  },
  piwebapi: {
    optionsSchema: piOptionsSchema,
    descriptor: piDescriptor,
    buildUrl: (options) => buildPiUrl(options),
  },
  simplisafe: {
    optionsSchema: simplisafeOptionsSchema,
    descriptor: simplisafeDescriptor,
    buildUrl: buildSimplisafeUrl,
  },
  ebsockets: {
    optionsSchema: ebsocketsOptionsSchema,
    descriptor: ebsocketsDescriptor,
    buildUrl: () => null,
    eventMessage: ebsocketsMessage,
  },
} as const satisfies { [P in PresetId]: SharedPresetSpec<P> }

/** The registry seen through its common shape (optional hooks readable on any id). */
const SPEC_OF: { readonly [P in PresetId]: SharedPresetSpec<P> } = SPECS

type OptionSchemas = { [P in PresetId]: (typeof SPECS)[P]['optionsSchema'] }

/** Each preset's `options` schema; a source without `options` gets every default. */
export const PRESET_OPTION_SCHEMAS = Object.fromEntries(
  PRESET_IDS.map((id) => [id, SPECS[id].optionsSchema]),
) as OptionSchemas

/** A preset's options with every default filled, as the engine uses them. */
export type PresetOptions<P extends PresetId> = z.output<OptionSchemas[P]>
/** What a config may write under `options` for that preset. */
export type PresetOptionsInput<P extends PresetId> = z.input<OptionSchemas[P]>

/** In the order a preset picker shows them: PRESET_IDS's. */
export const PRESET_DESCRIPTORS: readonly PresetDescriptor[] = PRESET_IDS.map(
  (id) => SPECS[id].descriptor,
)

export function presetDescriptor(id: PresetId): PresetDescriptor {
  return SPECS[id].descriptor
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

/**
 * The URL a form fills in from a preset's options, or null when the preset cannot build one (a
 * generic source, or options still incomplete or invalid). Users may replace it with any URL.
 */
export function buildPresetUrl(id: PresetId, options: unknown): string | null {
  const checked = validatePresetOptions(id, options)
  return checked.ok ? SPECS[id].buildUrl(checked.value) : null
}

/** The secret references a source's options name (its `secret` fields). */
export function presetSecretRefs(id: PresetId, options: unknown): string[] {
  if (options === null || typeof options !== 'object') return []
  const values = options as Record<string, unknown>
  return SPECS[id].descriptor.fields
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
  return SPEC_OF[id].eventMessage?.(type, attributes) ?? null
}
