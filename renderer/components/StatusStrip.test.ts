import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useBridgeStore } from '../stores/bridge'
import { fake } from '../test/fake-api'
import StatusStrip from './StatusStrip.vue'

vi.mock('../api', async () => (await import('../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

describe('StatusStrip', () => {
  it('says the link is being retried while it is down', async () => {
    const wrapper = mount(StatusStrip)
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    useBridgeStore().status = 'disconnected'
    await wrapper.vm.$nextTick()
    expect(wrapper.get('[role="alert"]').text()).toContain('Reconnecting on its own')
  })

  it('tells how to get a new session once the host refuses this one', async () => {
    const wrapper = mount(StatusStrip)
    useBridgeStore().status = 'unauthorized'
    await wrapper.vm.$nextTick()
    const banner = wrapper.get('[role="alert"]').text()
    expect(banner).toMatch(/^Session expired: open the URL the host printed \(with \?token=\)/)
    expect(banner).not.toContain('Reconnecting')
  })
})
