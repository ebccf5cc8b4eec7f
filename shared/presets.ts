/**
 * The presets Vigil ships, by id. The engine owns each preset's protocol logic; this list is what
 * both sides need to agree on: which ids a config may name, and how the UI labels them.
 */

export const PRESET_IDS = ['generic', 'census'] as const
export type PresetId = (typeof PRESET_IDS)[number]

export const PRESET_LABELS: Record<PresetId, string> = {
  generic: 'Generic JSON',
  census: 'PlanetSide 2 Census',
}
