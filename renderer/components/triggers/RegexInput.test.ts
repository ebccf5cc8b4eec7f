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
})
