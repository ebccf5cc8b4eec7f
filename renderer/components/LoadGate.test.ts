import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import DismissibleError from './DismissibleError.vue'
import LoadGate from './LoadGate.vue'

function mountGate(loaded: boolean, error: string | null) {
  return mount(LoadGate, {
    props: { loaded, error, failure: 'Could not load the sources', waiting: 'Loading sources…' },
    slots: { default: '<ul class="list"></ul>' },
  })
}

describe('LoadGate', () => {
  it('says it is loading, then shows its content', () => {
    const waiting = mountGate(false, null)
    expect(waiting.get('.loading').text()).toBe('Loading sources…')
    expect(waiting.find('.list').exists()).toBe(false)
    const shown = mountGate(true, null)
    expect(shown.find('.loading').exists()).toBe(false)
    expect(shown.find('.list').exists()).toBe(true)
  })

  it('says why the first load failed, and keeps the content once it has loaded', () => {
    const failed = mountGate(false, 'engine gone')
    expect(failed.get('[role="alert"]').text()).toBe('Could not load the sources: engine gone')
    expect(failed.find('.loading').exists()).toBe(false)
    const stale = mountGate(true, 'engine gone')
    expect(stale.find('[role="alert"]').exists()).toBe(false)
    expect(stale.find('.list').exists()).toBe(true)
  })
})

describe('DismissibleError', () => {
  it('shows an action error until dismissed, and nothing without one', async () => {
    const wrapper = mount(DismissibleError, { props: { message: 'Door: refused' } })
    expect(wrapper.get('[role="alert"]').text()).toContain('Door: refused')
    await wrapper.get('button').trigger('click')
    expect(wrapper.emitted('dismiss')).toHaveLength(1)
    await wrapper.setProps({ message: null })
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
  })
})
