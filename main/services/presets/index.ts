/** The preset registry: the one place that maps a config's `preset` id to its protocol logic. */

import type { PresetId } from '../../../shared/preset-id'
import { censusPreset } from './census'
import { ebsocketsPreset } from './ebsockets'
import { genericPreset } from './generic'
import { neuroioPreset } from './neuroio'
import { piPreset } from './piwebapi'
import type { Preset, PresetFor } from './preset'
import { simplisafePreset } from './simplisafe'

const presets: { [P in PresetId]: PresetFor<P> } = {
  generic: genericPreset,
  census: censusPreset,
  neuroio: neuroioPreset,
  piwebapi: piPreset,
  simplisafe: simplisafePreset,
  ebsockets: ebsocketsPreset,
}

/**
 * The preset of an id, its options type erased: the engine parses a source's options with the
 * same id's schema (shared/presets.ts) before handing them to any of its hooks.
 */
export function presetFor(id: PresetId): Preset<unknown> {
  return presets[id] as unknown as Preset<unknown>
}

export type {
  AuthReply,
  AuthReplyClassifier,
  EndExplanation,
  EndFacts,
  FrameClassifier,
  FrameEnvelope,
  FrameSink,
  PayloadPlace,
  Preset,
  PresetAuth,
  PresetContext,
  PresetDefaults,
  PresetFor,
} from './preset'
