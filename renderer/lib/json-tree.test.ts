import { describe, expect, it } from 'vitest'
import { copyableValue, initialExpansion, MAX_CHILDREN, treeRows, valuePreview } from './json-tree'

const event = {
  id: 7,
  type: 'Death',
  payload: {
    character_id: '5428',
    is_headshot: '1',
    loadout: { slots: [{ id: 3 }, null] },
    'odd.key': true,
  },
}

describe('json tree rows', () => {
  it('gives every row the field path a condition uses, rooted at the event', () => {
    const open = new Set([
      'payload',
      'payload.loadout',
      'payload.loadout.slots',
      'payload.loadout.slots.0',
    ])
    const rows = treeRows(event, open)
    expect(rows.map((row) => row.path)).toEqual([
      'id',
      'type',
      'payload',
      'payload.character_id',
      'payload.is_headshot',
      'payload.loadout',
      'payload.loadout.slots',
      'payload.loadout.slots.0',
      'payload.loadout.slots.0.id',
      'payload.loadout.slots.1',
      'payload["odd.key"]',
    ])
    const slots = rows.find((row) => row.path === 'payload.loadout.slots')!
    expect(slots).toMatchObject({ depth: 3, kind: 'array', childCount: 2, expanded: true })
    expect(rows.find((row) => row.path === 'payload.is_headshot')).toMatchObject({
      depth: 2,
      position: 2,
      siblings: 4,
      parent: 'payload',
    })
  })

  it('hides the children of collapsed nodes', () => {
    const rows = treeRows(event, new Set())
    expect(rows.map((row) => row.path)).toEqual(['id', 'type', 'payload'])
    expect(rows[2]).toMatchObject({ expanded: false, childCount: 4 })
  })

  it('opens containers two levels down at first', () => {
    expect([...initialExpansion(event)].sort()).toEqual(['payload', 'payload.loadout'])
  })

  it('sums up children past the limit in one row', () => {
    const rows = treeRows(
      { list: Array.from({ length: MAX_CHILDREN + 5 }, (_, i) => i) },
      new Set(['list']),
    )
    const last = rows.at(-1)!
    expect(rows).toHaveLength(MAX_CHILDREN + 2)
    expect(last).toMatchObject({ hidden: 5, label: '5 more not shown', siblings: MAX_CHILDREN + 1 })
  })

  it('previews values and copies strings bare, everything else as JSON', () => {
    expect(valuePreview({ kind: 'string', value: 'x', childCount: 0 })).toBe('"x"')
    expect(valuePreview({ kind: 'object', value: {}, childCount: 3 })).toBe('{3 keys}')
    expect(valuePreview({ kind: 'array', value: [1], childCount: 1 })).toBe('[1 item]')
    expect(valuePreview({ kind: 'null', value: null, childCount: 0 })).toBe('null')
    expect(copyableValue('5428')).toBe('5428')
    expect(copyableValue({ a: 1 })).toBe('{\n  "a": 1\n}')
    expect(copyableValue(17)).toBe('17')
  })
})
