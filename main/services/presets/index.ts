/** The preset registry: the one place that maps a config's `preset` id to its protocol logic. */

import type { PresetId } from '../../../shared/presets'
import { censusPreset } from './census'
import { genericPreset } from './generic'
import type { Preset } from './preset'

const presets: Record<PresetId, Preset> = {
  generic: genericPreset,
  census: censusPreset,
}

export function presetFor(id: PresetId): Preset {
  return presets[id]
}

export type {
  AuthReply,
  AuthReplyClassifier,
  FrameClassifier,
  FrameSink,
  Preset,
  PresetDefaults,
} from './preset'
