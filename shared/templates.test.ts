import { describe, expect, it } from 'vitest'
import type { VigilEvent } from './domain'
import { mustParseTemplate, parseTemplate } from './templates'

const event: VigilEvent = {
  id: 42,
  sourceId: 'ps2',
  type: 'BattleRankUp',
  receivedAt: 1_700_000_000_000,
  payload: {
    character_id: '5428',
    battle_rank: '100',
    nested: { a: 1 },
    list: [{ v: 'x' }, { v: 'y' }],
  },
}
const trigger = { id: 'br', name: 'Battle ranks' }
const render = (text: string) => mustParseTemplate(text).render({ event, trigger })

describe('templates', () => {
  it('renders event fields, trigger fields and literal text', () => {
    expect(render('{{payload.character_id}} reached BR {{ payload.battle_rank }}')).toBe(
      '5428 reached BR 100',
    )
    expect(render('{{trigger.name}} #{{id}} on {{sourceId}}: {{type}}')).toBe(
      'Battle ranks #42 on ps2: BattleRankUp',
    )
    expect(render('no placeholders')).toBe('no placeholders')
    expect(render('')).toBe('')
  })

  it('renders missing fields as nothing, never "undefined"', () => {
    expect(render('[{{payload.outfit_id}}]')).toBe('[]')
    expect(render('{{payload.character_id.deeper}}|{{trigger.colour}}')).toBe('|')
  })

  it('renders objects as JSON and wildcards as a list', () => {
    expect(render('{{payload.nested}}')).toBe('{"a":1}')
    expect(render('{{payload.list.*.v}}')).toBe('x, y')
  })

  it('refuses unclosed placeholders and bad paths with the position', () => {
    const unclosed = parseTemplate('hi {{payload.x')
    expect(!unclosed.ok && unclosed.message).toMatch(/unclosed \{\{ at position 4/)
    const bad = parseTemplate('{{character_id}}')
    expect(!bad.ok && bad.message).toMatch(/payload\.character_id/)
    const secret = parseTemplate('{{secret.token}}')
    expect(secret.ok).toBe(false)
  })

  it('reads secrets only where allowed', () => {
    const template = mustParseTemplate('Bearer {{secret.token}}', { secrets: true })
    expect(template.secretNames).toEqual(['token'])
    expect(template.render({ event, trigger, secrets: { token: 's3cr3t' } })).toBe('Bearer s3cr3t')
    expect(template.render({ event, trigger })).toBe('Bearer ')
  })
})
