import { describe, expect, it } from 'vitest'
import { defaultOp, handoffLabel, handoffRoute, opsFor } from './trigger-handoff'

const event = { sourceId: 'demo-census', type: 'Death' }

describe('trigger hand-off', () => {
  it('builds the fixed route, with the value JSON-encoded', () => {
    expect(handoffRoute({ event, field: 'payload.character_id', op: 'eq', value: '5428' })).toEqual(
      {
        path: '/triggers/new',
        query: {
          source: 'demo-census',
          type: 'Death',
          field: 'payload.character_id',
          op: 'eq',
          value: '"5428"',
        },
      },
    )
    expect(handoffRoute({ event, field: 'payload.n', op: 'gt', value: 5 })).toMatchObject({
      query: { value: '5' },
    })
  })

  it('names the event the value was clicked in, for the preview', () => {
    const route = handoffRoute({
      event: { ...event, id: 42 },
      field: 'payload.n',
      op: 'gt',
      value: 5,
    })
    expect(route).toMatchObject({ query: { value: '5', event: '42' } })
  })

  it('leaves the value out for exists', () => {
    const route = handoffRoute({ event, field: 'payload.loadout', op: 'exists', value: { a: 1 } })
    expect(route).toEqual({
      path: '/triggers/new',
      query: { source: 'demo-census', type: 'Death', field: 'payload.loadout', op: 'exists' },
    })
  })

  it('defaults to eq for values a condition compares, exists for the rest', () => {
    expect(defaultOp('x')).toBe('eq')
    expect(defaultOp(3)).toBe('eq')
    expect(defaultOp(false)).toBe('eq')
    expect(defaultOp(null)).toBe('exists')
    expect(defaultOp({})).toBe('exists')
    expect(opsFor(true)).toEqual(['eq', 'neq', 'exists'])
    expect(opsFor([])).toEqual(['exists'])
  })

  it('words the offer', () => {
    expect(handoffLabel('payload.x', 'eq', '5')).toBe('New trigger where payload.x equals "5"')
    expect(handoffLabel('payload.x', 'exists', null)).toBe('New trigger where payload.x exists')
  })
})
