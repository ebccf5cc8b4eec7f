import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { newDraft, type Draft } from '../../lib/trigger-draft'
import TriggerBuilder from './TriggerBuilder.vue'

/** The builder with its draft held like the editor holds it: each change becomes the new prop. */
function mountBuilder(draft: Draft = { ...newDraft({ type: 'door' }), id: 'test' }) {
  const wrapper = mount(TriggerBuilder, {
    attachTo: document.body,
    props: {
      draft,
      issues: [],
      fields: [],
      knownTypes: ['door'],
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
})
