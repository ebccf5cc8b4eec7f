import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { DesktopClusterSettingsInput } from '../../../shared/cluster-settings'
import { ApiError } from '../../api-error'
import { fake } from '../../test/fake-api'
import { fieldErrors } from '../../test/form-field'
import ClusterSettings from './ClusterSettings.vue'

vi.mock('../../api', async () => (await import('../../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

const valueOf = (wrapper: ReturnType<typeof mount>, id: string) =>
  (wrapper.get(id).element as HTMLInputElement).value

describe('ClusterSettings', () => {
  it('shows the stored settings, with the host name as the default node name', async () => {
    fake.api.getClusterSettings.mockResolvedValueOnce({
      editable: true,
      settings: { url: 'nats://10.0.0.5:4222', nodeName: '', role: 'member', seed: false },
      defaultNodeName: 'desk-1',
      problem: null,
    })
    const wrapper = mount(ClusterSettings)
    await flushPromises()
    expect(valueOf(wrapper, '#field-url')).toBe('nats://10.0.0.5:4222')
    expect(valueOf(wrapper, '#field-role')).toBe('member')
    expect(wrapper.get('#field-nodeName').attributes('placeholder')).toBe('desk-1')
    expect(wrapper.text()).toContain('Changes apply when Vigil starts next')
  })

  it('checks with the shared schema before saving, then saves and says when it applies', async () => {
    const wrapper = mount(ClusterSettings)
    await flushPromises()
    await wrapper.get('#field-url').setValue('http://nats.example:4222')
    await wrapper.get('#field-nodeName').setValue('has space')
    await wrapper.get('form').trigger('submit')
    expect(fieldErrors(wrapper, 'url')[0]).toMatch(/use nats:\/\/HOST:PORT or tls:\/\/HOST:PORT/)
    expect(fieldErrors(wrapper, 'nodeName')[0]).toMatch(/letters, digits/)
    expect(fake.api.saveClusterSettings).not.toHaveBeenCalled()

    fake.api.saveClusterSettings.mockImplementationOnce(
      async (settings: DesktopClusterSettingsInput) => ({
        editable: true,
        settings: { url: '', nodeName: '', role: 'viewer', seed: false, ...settings },
        defaultNodeName: 'desk-1',
        problem: null,
      }),
    )
    await wrapper.get('#field-url').setValue('nats://nats.example:4222')
    await wrapper.get('#field-nodeName').setValue('desk-2')
    await wrapper.get('#field-role').setValue('member')
    await wrapper.get('#field-seed').setValue(true)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.api.saveClusterSettings).toHaveBeenCalledWith({
      url: 'nats://nats.example:4222',
      nodeName: 'desk-2',
      role: 'member',
      seed: true,
    })
    expect(fieldErrors(wrapper, 'url')).toEqual([])
    expect(wrapper.get('[role="status"]').text()).toBe('Saved; applies when Vigil starts next.')
  })

  it("shows the engine's refusal, by field or as a message", async () => {
    const wrapper = mount(ClusterSettings)
    await flushPromises()
    await wrapper.get('#field-url').setValue('nats://h:1')
    fake.api.saveClusterSettings.mockRejectedValueOnce(
      new ApiError('invalid-argument', 'no', [{ path: 'url', message: 'not that server' }]),
    )
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fieldErrors(wrapper, 'url')).toEqual(['not that server'])

    fake.api.saveClusterSettings.mockRejectedValueOnce(
      new ApiError('invalid-argument', 'the host name "-" cannot name this node'),
    )
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[role="status"]').text()).toBe(
      'Not saved: the host name "-" cannot name this node',
    )
  })

  it("says why a stored file was not used, and shows the headless host's note read-only", async () => {
    fake.api.getClusterSettings.mockResolvedValueOnce({
      editable: true,
      settings: { url: '', nodeName: '', role: 'viewer', seed: false },
      defaultNodeName: 'desk-1',
      problem: '/data/cluster.json was not used: it is not JSON.',
    })
    const desktop = mount(ClusterSettings)
    await flushPromises()
    expect(desktop.get('[role="alert"]').text()).toBe(
      '/data/cluster.json was not used: it is not JSON.',
    )
    desktop.unmount()

    fake.api.getClusterSettings.mockResolvedValueOnce({
      editable: false,
      note: "This host's cluster is set on its command line.",
    })
    const headless = mount(ClusterSettings)
    await flushPromises()
    expect(headless.text()).toContain("This host's cluster is set on its command line.")
    expect(headless.find('input').exists()).toBe(false)
    expect(headless.find('button').exists()).toBe(false)
  })
})
