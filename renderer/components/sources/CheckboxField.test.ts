import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import CheckboxField from './CheckboxField.vue'

describe('CheckboxField', () => {
  it('is a labelled checkbox bound both ways, with its help and problems read with it', async () => {
    const wrapper = mount(CheckboxField, {
      props: {
        modelValue: false,
        'onUpdate:modelValue': (value: boolean) => wrapper.setProps({ modelValue: value }),
        label: 'Accept a self-signed certificate',
        path: 'tls.allowSelfSigned',
        help: 'Pinned on first contact.',
        errors: ['must be a boolean'],
      },
    })
    const box = wrapper.get('input[type="checkbox"]')
    expect(box.attributes('id')).toBe('field-tls-allowSelfSigned')
    expect(wrapper.get('label').attributes('for')).toBe('field-tls-allowSelfSigned')
    expect(wrapper.get('label').text()).toBe('Accept a self-signed certificate')
    expect(box.attributes('aria-describedby')).toBe(
      'field-tls-allowSelfSigned-help field-tls-allowSelfSigned-errors',
    )
    expect(box.attributes('aria-invalid')).toBe('true')
    await box.setValue(true)
    expect(wrapper.emitted('update:modelValue')).toEqual([[true]])
    expect(wrapper.props('modelValue')).toBe(true)
    await wrapper.setProps({ modelValue: false })
    expect((box.element as HTMLInputElement).checked).toBe(false)
  })
})
