import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import CodeText from './CodeText.vue'

describe('CodeText', () => {
  it('shows backticked parts as code, the rest as text', () => {
    const wrapper = mount(
      { components: { CodeText }, template: '<p><CodeText :text="text" /></p>' },
      { props: {}, data: () => ({ text: 'no `payload.event_name`: try `event_name`' }) },
    )
    expect(wrapper.findAll('code').map((c) => c.text())).toEqual([
      'payload.event_name',
      'event_name',
    ])
    expect(wrapper.text()).toBe('no payload.event_name: try event_name')
  })

  it('leaves an unpaired backtick as it is and never renders markup', () => {
    const wrapper = mount(CodeText, { props: { text: 'a `b <i>c</i>' } })
    expect(wrapper.find('code').exists()).toBe(false)
    expect(wrapper.find('i').exists()).toBe(false)
    expect(wrapper.element.textContent).toBe('a `b <i>c</i>')
  })
})
