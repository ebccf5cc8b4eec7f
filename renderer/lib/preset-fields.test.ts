import { describe, expect, it } from 'vitest'
import type { PresetDescriptor } from '../../shared/preset-descriptor'
import { presetFields, presetTypes } from './preset-fields'

const census = {
  id: 'census',
  events: [
    {
      type: 'Death',
      fields: [
        { path: 'is_headshot', types: ['string'], values: ['0', '1'], description: 'a headshot' },
        { path: 'character_id', types: ['string'] },
      ],
    },
    {
      type: 'PlayerLogin',
      fields: [
        { path: 'character_id', types: ['string'] },
        { path: 'world_id', types: ['string'] },
      ],
    },
  ],
} as unknown as PresetDescriptor
const generic = {
  id: 'generic',
  events: [{ type: '*', fields: [{ path: 'Items.*.Value', types: ['number'] }] }],
} as unknown as PresetDescriptor

describe('preset fields', () => {
  it('lists the known types of the presets in use, without the "every event" marker', () => {
    expect(presetTypes([census, generic], new Set(['census', 'generic']))).toEqual([
      'Death',
      'PlayerLogin',
    ])
    expect(presetTypes([census, generic], new Set(['generic']))).toEqual([])
  })

  it('documents the fields of the chosen types as condition paths', () => {
    const death = presetFields([census, generic], new Set(['census']), ['Death'])
    expect(death.map((f) => f.path)).toEqual(['payload.is_headshot', 'payload.character_id'])
    expect(death[0]).toMatchObject({
      kind: 'boolean',
      samples: ['0', '1'],
      description: 'a headshot',
    })
    const all = presetFields([census, generic], new Set(['census', 'generic']), [])
    expect(all.map((f) => f.path)).toEqual([
      'payload.is_headshot',
      'payload.character_id',
      'payload.world_id',
      'payload.Items.*.Value',
    ])
  })
})
