import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { HistoryStatus } from '../../shared/history-status'
import { useBridgeStore } from '../stores/bridge'
import { useHistoryStatusStore } from '../stores/history-status'
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

  it('says when history is not being stored, why, and how many events it cost', async () => {
    const full: HistoryStatus = {
      state: 'failing',
      stored: 10,
      notStored: 1_234,
      notStoredByReason: { 'disk-full': 1_234 },
      backlogBytes: 0,
      lastError: { reason: 'disk-full', message: 'database or disk is full', at: 1 },
      failingSince: 1,
    }
    fake.api.getHistoryStatus.mockImplementation(async () => full)
    const wrapper = mount(StatusStrip)
    await useHistoryStatusStore().start()
    await wrapper.vm.$nextTick()
    expect(wrapper.get('[role="alert"]').text()).toMatch(
      /^History is not being stored: the disk is full \(1,234 events not stored\)/,
    )

    fake.push.historyStatus({ ...full, state: 'ok', failingSince: null })
    await wrapper.vm.$nextTick()
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)

    fake.push.historyStatus({
      ...full,
      state: 'behind',
      notStoredByReason: { 'disk-full': 1_234, behind: 1 },
    })
    await wrapper.vm.$nextTick()
    expect(wrapper.get('[role="alert"]').text()).toMatch(
      /^History is skipping events: .*\(1 event not stored so far\)/,
    )
  })

  it('says nothing while sources are only being slowed, since nothing is lost', async () => {
    const wrapper = mount(StatusStrip)
    await useHistoryStatusStore().start()
    fake.push.historyStatus({
      state: 'behind',
      stored: 10,
      notStored: 0,
      notStoredByReason: {},
      backlogBytes: 40_000_000,
      lastError: null,
      failingSince: null,
    })
    await wrapper.vm.$nextTick()
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
  })
})
