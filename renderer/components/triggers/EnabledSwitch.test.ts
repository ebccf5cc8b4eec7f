import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import EnabledSwitch from './EnabledSwitch.vue'

describe('EnabledSwitch', () => {
  it('keeps the focus while a change is in flight, ignoring activation until it is done', async () => {
    const wrapper = mount(EnabledSwitch, {
      props: { checked: true, label: 'Headshots enabled' },
      attachTo: document.body,
    })
    const button = wrapper.get('button[role="switch"]')
    ;(button.element as HTMLButtonElement).focus()
    await button.trigger('click')
    expect(wrapper.emitted('toggle')).toEqual([[false]])

    await wrapper.setProps({ disabled: true })
    // Not the disabled attribute: Chromium takes the focus away from a disabled button.
    expect(button.attributes('disabled')).toBeUndefined()
    expect(button.attributes('aria-disabled')).toBe('true')
    await button.trigger('click')
    expect(wrapper.emitted('toggle')).toHaveLength(1)

    await wrapper.setProps({ disabled: false, checked: false })
    expect(button.attributes('aria-disabled')).toBeUndefined()
    expect(button.attributes('aria-checked')).toBe('false')
    expect(document.activeElement).toBe(button.element)
    wrapper.unmount()
  })
})
