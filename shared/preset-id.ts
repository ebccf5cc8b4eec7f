/**
 * The presets Vigil knows, by id: a file of its own so that the presets' specs, their descriptors
 * and everything typed by a preset id can name one without importing the registry (which imports
 * them all back).
 */

export const PRESET_IDS = [
  'generic',
  'census',
  'neuroio',
  'piwebapi',
  'simplisafe',
  'ebsockets',
] as const
export type PresetId = (typeof PRESET_IDS)[number]
