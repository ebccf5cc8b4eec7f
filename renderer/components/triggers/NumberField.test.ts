import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import NumberField from './NumberField.vue'

describe('NumberField', () => {
  it('starts empty without a value, and reports only numbers', async () => {
    const wrapper = mount(NumberField, { props: { modelValue: undefined, label: 'Value' } })
    const input = wrapper.get('input')
    expect((input.element as HTMLInputElement).value).toBe('')
    await input.setValue('20')
    expect(wrapper.emitted('update:modelValue')).toEqual([[20]])
  })

  it('replaces a lone 0 it was given when a digit is typed after it: 20, not 020 (B7)', async () => {
    const wrapper = mount(NumberField, { props: { modelValue: 0, label: 'Value' } })
    const input = wrapper.get('input')
    await input.setValue('02')
    expect((input.element as HTMLInputElement).value).toBe('2')
    await input.setValue('20')
    expect((input.element as HTMLInputElement).value).toBe('20')
    expect(wrapper.emitted('update:modelValue')).toEqual([[2], [20]])
    await input.setValue('0.5')
    expect((input.element as HTMLInputElement).value).toBe('0.5')
  })

  it('empties when the value goes back to none (undo)', async () => {
    const wrapper = mount(NumberField, { props: { modelValue: 5, label: 'Value' } })
    await wrapper.setProps({ modelValue: undefined })
    expect((wrapper.get('input').element as HTMLInputElement).value).toBe('')
  })
})
