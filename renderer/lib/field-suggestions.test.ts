import { describe, expect, it } from 'vitest'
import { vigilEvent } from '../test/fixtures'
import { PRESET_DESCRIPTORS } from '../../shared/presets'
import { presetFields } from './preset-fields'
import {
  matchFields,
  mergeSuggestions,
  suggestFields,
  typesSeen,
  type FieldSuggestion,
} from './field-suggestions'

describe('field suggestions from events', () => {
  const events = [
    vigilEvent(1, {
      type: 'Death',
      payload: {
        is_headshot: '1',
        character_id: '5428',
        'odd.key': 1,
        items: [{ v: 2 }, { v: 3 }],
      },
    }),
    vigilEvent(2, {
      type: 'Death',
      payload: { is_headshot: '0', character_id: '77', nested: { ok: true } },
    }),
    vigilEvent(3, { type: 'Login', payload: { character_id: '5428' } }),
  ]

  it('lists payload paths as the engine reads them, with kinds and samples, most seen first', () => {
    const fields = suggestFields(events)
    const byPath = new Map(fields.map((field) => [field.path, field]))
    expect(fields[0]?.path).toBe('payload.character_id')
    expect(byPath.get('payload.character_id')).toMatchObject({
      kind: 'number',
      seen: 3,
      samples: ['5428', '77'],
    })
    expect(byPath.get('payload.is_headshot')).toMatchObject({ kind: 'boolean', types: ['string'] })
    expect(byPath.get('payload["odd.key"]')).toMatchObject({ kind: 'number' })
    expect(byPath.get('payload.items.*.v')).toMatchObject({ seen: 1, samples: [2, 3] })
    expect(byPath.get('payload.items')).toMatchObject({ kind: 'structure' })
    expect(byPath.get('payload.nested.ok')).toMatchObject({ kind: 'boolean' })
    expect(byPath.get('type')?.samples).toEqual(['Death', 'Login'])
  })

  it('matches typed text, prefixes first', () => {
    const fields = suggestFields(events)
    expect(matchFields(fields, 'payload.char').map((f) => f.path)).toEqual(['payload.character_id'])
    expect(matchFields(fields, 'HEAD').map((f) => f.path)).toEqual(['payload.is_headshot'])
  })

  it('keeps a path typed exactly, first, so a picked or known path is not "unknown"', () => {
    const fields = suggestFields(events)
    expect(matchFields(fields, 'payload.items').map((f) => f.path)).toEqual([
      'payload.items',
      'payload.items.*',
      'payload.items.*.v',
    ])
    expect(matchFields(fields, 'Payload.Is_Headshot').map((f) => f.path)).toEqual([
      'payload.is_headshot',
    ])
  })

  it('counts types, most frequent first', () => {
    expect(typesSeen(events)).toEqual(['Death', 'Login'])
  })

  it("takes a documented field's kind from the values seen, whichever list loaded first", () => {
    // The Census preset documents is_headshot as a string without values; the events say "0"/"1".
    // With the catalogue not loaded yet, the preset's entry came first and the field read as text,
    // so picking it gave `equals ""` instead of `equals true` (the flaky builder spec).
    const documented = presetFields(PRESET_DESCRIPTORS, new Set(['census']), ['Death'])
    const headshot = (fields: readonly FieldSuggestion[]) =>
      fields.find((field) => field.path === 'payload.is_headshot')
    expect(headshot(documented)).toMatchObject({ kind: 'string', samples: [] })
    const merged = mergeSuggestions([], documented, suggestFields(events))
    expect(headshot(merged)).toMatchObject({
      kind: 'boolean',
      samples: ['1', '0'],
      types: ['string'],
    })
    // A first list with values of its own keeps them.
    const seen = suggestFields(events)
    const asText = { ...headshot(seen)!, kind: 'string' as const, samples: ['yes'] }
    expect(headshot(mergeSuggestions([asText], seen))).toEqual(asText)
  })
})
