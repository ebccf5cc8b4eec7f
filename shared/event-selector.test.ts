import { describe, expect, it } from 'vitest'
import { eventSelector, selects } from './event-selector'
import { censusDescriptor } from './presets/census'

describe('eventSelector', () => {
  it('reads a name a preset declares as an alias as its base type and value', () => {
    const [alias] = censusDescriptor.eventAliases!
    expect(eventSelector(`${alias!.prefix}7`)).toEqual({ type: alias!.baseName, aliasValue: '7' })
    expect(eventSelector('GainExperience_experience_id_7')).toEqual({
      type: 'GainExperience',
      aliasValue: '7',
    })
  })

  it('keeps any other name as a plain type, a tail outside the pattern included', () => {
    expect(eventSelector('Death')).toEqual({ type: 'Death' })
    expect(eventSelector('GainExperience_experience_id_x7')).toEqual({
      type: 'GainExperience_experience_id_x7',
    })
  })

  it('selects base-type events whose alias field holds the value, as text or number', () => {
    const selector = eventSelector('GainExperience_experience_id_7')
    expect(selects(selector, 'GainExperience', { experience_id: '7' })).toBe(true)
    expect(selects(selector, 'GainExperience', { experience_id: 7 })).toBe(true)
    expect(selects(selector, 'GainExperience', { experience_id: '4' })).toBe(false)
    expect(selects(selector, 'GainExperience', null)).toBe(false)
    expect(selects(selector, 'Death', { experience_id: '7' })).toBe(false)
  })
})
