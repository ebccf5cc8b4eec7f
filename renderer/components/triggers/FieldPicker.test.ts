import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { FieldSuggestion } from '../../lib/field-suggestions'
import FieldPicker from './FieldPicker.vue'

const field = (path: string): FieldSuggestion => ({
  path,
  types: ['string'],
  kind: 'string',
  samples: ['open'],
  seen: 3,
})
const FIELDS = [field('payload.door'), field('payload.door_id'), field('payload.state')]

/** The picker with its value held like a parent holds it: each update becomes the new prop. */
function mountPicker(value: string) {
  const wrapper = mount(FieldPicker, {
    attachTo: document.body,
    props: {
      modelValue: value,
      fields: FIELDS,
      label: 'Field',
      'onUpdate:modelValue': (next: string) => wrapper.setProps({ modelValue: next }),
    },
  })
  return wrapper
}

const optionTexts = (wrapper: ReturnType<typeof mountPicker>) =>
  wrapper.findAll('[role="option"] .value').map((option) => option.text())

describe('FieldPicker', () => {
  it('lists a known path typed or picked exactly, never as "No field seen yet" (B1)', async () => {
    const wrapper = mountPicker('payload.door')
    await wrapper.get('input').trigger('focus')
    expect(optionTexts(wrapper)).toEqual(['payload.door', 'payload.door_id'])
    expect(wrapper.text()).not.toContain('No field seen yet')

    // Picked from the list, then opened again.
    await wrapper.get('input').setValue('payload.st')
    await wrapper.findAll('[role="option"]')[0]!.trigger('mousedown')
    expect(wrapper.props('modelValue')).toBe('payload.state')
    await wrapper.get('input').trigger('click')
    expect(optionTexts(wrapper)).toEqual(['payload.state'])
    expect(wrapper.text()).not.toContain('No field seen yet')
    wrapper.unmount()
  })

  it('Enter takes the highlighted suggestion that begins with what was typed (B2)', async () => {
    const wrapper = mountPicker('')
    const input = wrapper.get('input')
    await input.trigger('focus')
    await input.setValue('payload.doo')
    const highlighted = wrapper.get('[role="option"][aria-selected="true"]')
    expect(highlighted.text()).toContain('payload.door')
    expect(input.attributes('aria-activedescendant')).toBe(highlighted.attributes('id'))
    await input.trigger('keydown', { key: 'Enter' })
    expect(wrapper.props('modelValue')).toBe('payload.door')
    expect(input.attributes('aria-expanded')).toBe('false')
    wrapper.unmount()
  })

  it('Tab takes it too, and arrowing to another one takes that one (B2)', async () => {
    const wrapper = mountPicker('')
    const input = wrapper.get('input')
    await input.trigger('focus')
    await input.setValue('payload.doo')
    await input.trigger('keydown', { key: 'Tab' })
    expect(wrapper.props('modelValue')).toBe('payload.door')

    await input.setValue('payload.doo')
    await input.trigger('keydown', { key: 'ArrowDown' })
    expect(wrapper.get('[role="option"][aria-selected="true"]').text()).toContain('door_id')
    await input.trigger('keydown', { key: 'Tab' })
    expect(wrapper.props('modelValue')).toBe('payload.door_id')
    wrapper.unmount()
  })

  it('keeps typed text that only occurs inside a path: nothing is highlighted', async () => {
    const wrapper = mountPicker('')
    const input = wrapper.get('input')
    await input.trigger('focus')
    await input.setValue('state')
    expect(optionTexts(wrapper)).toEqual(['payload.state'])
    expect(wrapper.find('[role="option"][aria-selected="true"]').exists()).toBe(false)
    await input.trigger('keydown', { key: 'Enter' })
    expect(wrapper.props('modelValue')).toBe('state')
    wrapper.unmount()
  })
})
