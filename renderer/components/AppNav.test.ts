import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { triggerFake } from '../test/fake-trigger-api'
import { notificationView } from '../test/trigger-fixtures'
import { setSoundPlayer, useNotificationsStore } from '../stores/notifications'
import AppNav from './AppNav.vue'

vi.mock('../api', async () => (await import('../test/fake-trigger-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  triggerFake.reset()
  setSoundPlayer({ play: () => {}, armOnFirstGesture: () => {} })
})

describe('AppNav unread badge', () => {
  it('shows the unread count beside Notifications and follows pushes', async () => {
    triggerFake.api.listNotifications.mockResolvedValue([notificationView(1), notificationView(2)])
    triggerFake.api.unreadNotificationCount.mockResolvedValue(2)
    await useNotificationsStore().start()
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/:p(.*)*', component: { template: '<p />' } }],
    })
    const wrapper = mount(AppNav, { global: { plugins: [router] } })
    const badge = () => wrapper.find('[data-testid="unread-badge"]')
    expect(badge().text()).toBe('2 unread')
    expect(wrapper.get('a[href="/notifications"]').text()).toContain('Notifications')

    triggerFake.push.notificationFired(notificationView(3))
    await flushPromises()
    expect(badge().text()).toBe('3 unread')
    triggerFake.push.notificationRead({ ids: 'all', unread: 0 })
    await flushPromises()
    expect(badge().exists()).toBe(false)
  })
})
