import { describe, expect, it } from 'vitest'
import { validateDraft } from './trigger-validation'
import {
  draftFromView,
  idFromName,
  newDraft,
  parseHandoff,
  parseLaunchEvent,
} from './trigger-draft'
import { triggerView } from '../test/trigger-fixtures'

describe('trigger drafts', () => {
  it('reads the hand-off query: JSON values decoded, anything else taken as text', () => {
    expect(
      parseHandoff({
        source: 'demo-census',
        type: 'Death',
        field: 'payload.attacker_character_id',
        op: 'eq',
        value: '"5428"',
      }),
    ).toEqual({
      source: 'demo-census',
      type: 'Death',
      field: 'payload.attacker_character_id',
      op: 'eq',
      value: '5428',
    })
    expect(parseHandoff({ field: 'payload.n', value: '17' }).value).toBe(17)
    expect(parseHandoff({ field: 'payload.n', value: 'not json' }).value).toBe('not json')
    expect(parseHandoff({ op: 'nope' }).op).toBeUndefined()
  })

  it('reads the event the builder was launched from, with where to find it', () => {
    expect(parseLaunchEvent({ event: '42', source: 'demo', type: 'Death' })).toEqual({
      id: 42,
      source: 'demo',
      type: 'Death',
    })
    expect(parseLaunchEvent({ event: '42' })).toEqual({ id: 42 })
    expect(parseLaunchEvent({ event: 'x' })).toBeNull()
    expect(parseLaunchEvent({})).toBeNull()
  })

  it('builds a draft with one leaf shaped to the operator, valid for the schema', () => {
    const draft = newDraft(
      parseHandoff({ source: 'demo', type: 'Death', field: 'payload.is_headshot', op: 'is-true' }),
    )
    expect(draft.sources).toEqual(['demo'])
    expect(draft.events).toEqual(['Death'])
    expect(draft.condition).toEqual({ all: [{ field: 'payload.is_headshot', op: 'is-true' }] })
    expect(draft.name).toBe('Death where is_headshot is true')
    expect(validateDraft({ ...draft, id: 'x' }).ok).toBe(true)

    const listed = newDraft({ field: 'payload.world_id', op: 'in', value: '17' })
    expect(listed.condition).toEqual({
      all: [{ field: 'payload.world_id', op: 'in', value: ['17'] }],
    })
    expect(newDraft().condition).toEqual({ all: [] })
  })

  it('starts with the default noise rules, a copy the draft may change', () => {
    expect(newDraft().noise).toEqual({ quietHours: [] })
    const defaults = { cooldown: { seconds: 60, key: '{{payload.character_id}}' }, quietHours: [] }
    const draft = newDraft({}, defaults)
    expect(draft.noise).toEqual(defaults)
    draft.noise.cooldown!.seconds = 5
    expect(defaults.cooldown.seconds).toBe(60)
  })

  it('makes unique ids from names', () => {
    expect(idFromName('Battle rank 100!', new Set())).toBe('battle-rank-100')
    expect(idFromName('Battle rank 100!', new Set(['battle-rank-100']))).toBe('battle-rank-100-2')
    expect(idFromName('???', new Set())).toBe('trigger')
    expect(idFromName('Éclair', new Set())).toBe('eclair')
  })

  it('strips the running numbers from a saved trigger', () => {
    const draft = draftFromView(triggerView())
    expect(Object.keys(draft)).not.toContain('counters')
    expect(validateDraft(draft).ok).toBe(true)
  })
})
