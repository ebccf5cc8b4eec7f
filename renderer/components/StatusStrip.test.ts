import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { HistoryStatus } from '../../shared/history-status'
import { useBridgeStore } from '../stores/bridge'
import { useHistoryStatusStore } from '../stores/history-status'
import { useSourcesStore } from '../stores/sources'
import { fake } from '../test/fake-api'
import { sourceView } from '../test/fixtures'
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
    expect(banner).toMatch(/^Session expired: paste the host's token, or open the URL the host/)
    expect(banner).not.toContain('Reconnecting')
  })

  it('signs the page in again with a pasted token, and says when the host refuses it', async () => {
    const wrapper = mount(StatusStrip)
    useBridgeStore().status = 'unauthorized'
    await wrapper.vm.$nextTick()
    const form = wrapper.get('form.token-sign-in')
    await form.trigger('submit')
    expect(fake.api.signIn).not.toHaveBeenCalled()
    expect(form.get('.outcome').text()).toBe('Paste the token first.')

    fake.api.signIn.mockRejectedValueOnce(new Error('the host did not accept this token'))
    await form.get('input').setValue(' wrong ')
    await form.trigger('submit')
    await flushPromises()
    expect(fake.api.signIn).toHaveBeenLastCalledWith('wrong')
    expect(form.get('.outcome').text()).toBe('Not signed in: the host did not accept this token')
    expect(form.get('input').attributes('aria-invalid')).toBe('true')

    await form.get('input').setValue('the-token')
    await form.trigger('submit')
    await flushPromises()
    expect(fake.api.signIn).toHaveBeenLastCalledWith('the-token')
    expect(form.get('.outcome').text()).toBe('')
    expect((form.get('input').element as HTMLInputElement).value).toBe('')
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

  it('agrees its counts with their nouns: 1 needs attention, 2 need attention (B10)', async () => {
    useBridgeStore().status = 'open'
    fake.api.listSources.mockResolvedValue([
      sourceView({ id: 'a', state: 'failed' }),
      sourceView({ id: 'b', state: 'open' }),
    ])
    const wrapper = mount(StatusStrip)
    await useSourcesStore().start()
    await wrapper.vm.$nextTick()
    expect(wrapper.text()).toContain('2 sources')
    expect(wrapper.get('.trouble').text()).toBe('1 needs attention')

    fake.push.sourceChanged(sourceView({ id: 'b', state: 'stale' }))
    await wrapper.vm.$nextTick()
    expect(wrapper.get('.trouble').text()).toBe('2 need attention')
  })
})
