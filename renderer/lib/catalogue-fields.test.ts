import { describe, expect, it } from 'vitest'
import type { CatalogueEntry, CatalogueField } from '../../shared/catalogue'
import {
  catalogueFields,
  catalogueTypes,
  conditionPath,
  DRIFT_AFTER_MS,
  driftOf,
} from './catalogue-fields'

const T = 1_700_000_000_000

function field(path: string, overrides: Partial<CatalogueField> = {}): CatalogueField {
  return {
    path,
    types: ['string'],
    samples: ['1'],
    seen: 10,
    firstSeenAt: T,
    lastSeenAt: T,
    ...overrides,
  }
}

function entry(
  type: string,
  fields: CatalogueField[],
  overrides: Partial<CatalogueEntry> = {},
): CatalogueEntry {
  return {
    sourceId: 'demo',
    type,
    events: 500,
    sampled: 200,
    firstSeenAt: T,
    lastSeenAt: T,
    truncated: false,
    fields,
    ...overrides,
  }
}

describe('field catalogue for the builder', () => {
  it('writes catalogue paths as conditions do', () => {
    expect(conditionPath('Items.*.Value')).toBe('payload.Items.*.Value')
    expect(conditionPath('["odd.key"]')).toBe('payload["odd.key"]')
  })

  it('suggests the fields of the chosen sources and types, merged, with kinds', () => {
    const entries = [
      entry('Death', [
        field('is_headshot', { samples: ['0', '1'] }),
        field('world_id', { samples: ['17'], seen: 50 }),
      ]),
      entry('Login', [field('world_id', { samples: ['10'], seen: 5 }), field('name')]),
      entry('Death', [field('other')], { sourceId: 'elsewhere' }),
    ]
    const fields = catalogueFields(entries, { sources: ['demo'], events: [] })
    expect(fields.map((f) => f.path)).toEqual([
      'payload.world_id',
      'payload.is_headshot',
      'payload.name',
    ])
    expect(fields[0]).toMatchObject({ seen: 55, samples: ['17', '10'], kind: 'number' })
    expect(fields[1]!.kind).toBe('boolean')
    expect(
      catalogueFields(entries, { sources: [], events: ['Death'] }).map((f) => f.path),
    ).toContain('payload.other')
    expect(catalogueTypes(entries, ['demo'])).toEqual(['Death', 'Login'])
  })

  it('flags a field its events stopped carrying, or never carried', () => {
    const stale = T - DRIFT_AFTER_MS - 1
    const entries = [
      entry('Death', [field('is_headshot', { lastSeenAt: stale }), field('world_id')]),
    ]
    const trigger = {
      sources: ['demo'],
      events: ['Death'],
      condition: {
        all: [
          { field: 'payload.is_headshot', op: 'is-true' as const },
          { field: 'payload.world_id', op: 'eq' as const, value: '17' },
          { field: 'payload.renamed', op: 'eq' as const, value: 'x' },
          { field: 'payload.optional', op: 'missing' as const },
          { field: 'type', op: 'eq' as const, value: 'Death' },
        ],
      },
    }
    expect(driftOf(trigger, entries)).toEqual([
      {
        field: 'payload.is_headshot',
        sourceId: 'demo',
        type: 'Death',
        lastSeenAt: stale,
        typeLastSeenAt: T,
      },
      {
        field: 'payload.renamed',
        sourceId: 'demo',
        type: 'Death',
        lastSeenAt: null,
        typeLastSeenAt: T,
      },
    ])
    // Too few samples, or a type the catalogue stopped listing paths for: no verdict.
    expect(driftOf(trigger, [entry('Death', [], { sampled: 10 })])).toEqual([])
    expect(driftOf(trigger, [entry('Death', [], { truncated: true })])).toEqual([])
    expect(driftOf({ ...trigger, events: ['Login'] }, entries)).toEqual([])
  })
})
