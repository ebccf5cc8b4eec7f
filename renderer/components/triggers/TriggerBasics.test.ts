import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { suggestFields, type FieldSuggestion } from '../../lib/field-suggestions'
import { newDraft, type Draft } from '../../lib/trigger-draft'
import { vigilEvent } from '../../test/fixtures'
import TriggerBuilder from './TriggerBuilder.vue'

/** The builder with its draft held like the editor holds it: each change becomes the new prop. */
function mountBuilder(
  draft: Draft = { ...newDraft({ type: 'door' }), id: 'test' },
  fields: FieldSuggestion[] = [],
) {
  const wrapper = mount(TriggerBuilder, {
    attachTo: document.body,
    props: {
      draft,
      issues: [],
      fields,
      knownTypes: ['door', 'battery'],
      sources: [{ id: 'doors', name: 'Doors' }],
      sampleEvent: null,
      isNew: true,
      onChange: (next: Draft) => wrapper.setProps({ draft: next }),
    },
  })
  const current = () => wrapper.props('draft') as Draft
  return { wrapper, current }
}

describe('TriggerBuilder: what a trigger is', () => {
  it('makes the mode radios one group: one name, so one tab stop and arrow keys (B11)', async () => {
    const { wrapper, current } = mountBuilder()
    const radios = wrapper.findAll('fieldset.mode input[type="radio"]')
    expect(radios.length).toBeGreaterThan(1)
    const names = new Set(radios.map((radio) => radio.attributes('name')))
    expect(names.size).toBe(1)
    expect([...names][0]).toBeTruthy()
    await radios[1]!.setValue(true)
    expect(current().mode).toBe('single-shot')
    wrapper.unmount()
  })
  it("takes its examples from the draft's own sources, never Census's (B8)", async () => {
    const fields = suggestFields([
      vigilEvent(1, { type: 'door', payload: { door_id: 'front', state: 'open' } }),
    ])
    const { wrapper } = mountBuilder(undefined, fields)
    expect(wrapper.get('.event-types input').attributes('placeholder')).toBe(
      'Add a type (e.g. battery)',
    )
    const cooldown = wrapper
      .findAll('.noise-editor label.check')
      .find((label) => label.text().startsWith('Cooldown'))!
    await cooldown.get('input').setValue(true)
    const key = wrapper.get('.noise-editor .rule-body input[type="text"]')
    expect(key.attributes('placeholder')).toBe('{{payload.door_id}}')
    expect(wrapper.html()).not.toContain('character_id')
    wrapper.unmount()
  })
})
