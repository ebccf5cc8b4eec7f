import { describe, expect, it } from 'vitest'
import { PRESET_IDS } from '../../../shared/preset-id'
import { presetDescriptor } from '../../../shared/presets'
import { presetFor } from './index'

describe('preset registry', () => {
  it('has a protocol module for every shared preset id, reading its shared spec', () => {
    for (const id of PRESET_IDS) {
      const preset = presetFor(id)
      expect(preset.id).toBe(id)
      expect(preset.defaultEventTypePath).toBe(presetDescriptor(id).defaultEventTypePath)
    }
  })
})
