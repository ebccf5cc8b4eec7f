import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import RegexInput from './RegexInput.vue'

describe('RegexInput', () => {
  it('offers every flag the engine accepts, and keeps the others when one is toggled', async () => {
    const wrapper = mount(RegexInput, { props: { pattern: '^a', flags: 'iv', label: 'Pattern' } })
    const boxes = wrapper.findAll('input[type="checkbox"]')
    expect(boxes.map((box) => box.attributes('aria-label'))).toEqual([
      'ignore case',
      'multi-line',
      'dot matches newline',
      'unicode',
      'unicode sets',
    ])
    await wrapper.get('input[aria-label="multi-line"]').setValue(true)
    expect(wrapper.emitted('change')).toEqual([['^a', 'imv']])
  })

  it('says at once why the engine refuses a pattern, and accepts one that only looks risky', async () => {
    const wrapper = mount(RegexInput, {
      props: { pattern: '(?<!un)done', flags: '', label: 'Pattern' },
    })
    expect(wrapper.get('.state').text()).toBe(
      'Invalid: negative lookbehind `(?<!` is not supported: Vigil runs patterns on a linear-time engine so an event cannot freeze it',
    )
    expect(wrapper.get('input[type="text"]').attributes('aria-invalid')).toBe('true')
    await wrapper.setProps({ pattern: '^(a+)+$' })
    expect(wrapper.get('.state').text()).toBe('Valid pattern')
  })
})
