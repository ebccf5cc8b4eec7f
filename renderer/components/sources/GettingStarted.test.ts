import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { DEMO_SOURCE_ID } from '../../../shared/source-ids'
import { useBridgeStore } from '../../stores/bridge'
import { useSourcesStore } from '../../stores/sources'
import { fake } from '../../test/fake-api'
import { sourceView } from '../../test/fixtures'
import { testRouter } from '../../test/router'
import GettingStarted from './GettingStarted.vue'

vi.mock('../../api', async () => (await import('../../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
  localStorage.clear()
})

async function mountCard(sources = [sourceView({ id: DEMO_SOURCE_ID, name: 'Demo' })]) {
  fake.api.listSources.mockResolvedValue(sources)
  await useSourcesStore().start()
  useBridgeStore().status = 'open'
  const wrapper = mount(GettingStarted, { global: { plugins: [testRouter()] } })
  await flushPromises()
  return wrapper
}

describe('GettingStarted', () => {
  it('shows the next steps while the demo is there, and stays dismissed in this window', async () => {
    const wrapper = await mountCard()
    expect(wrapper.get('h2').text()).toBe('Getting started')
    expect(wrapper.findAll('.steps > li strong').map((s) => s.text())).toEqual([
      'Add your own source.',
      'Click a value to make a trigger.',
      'Pause or remove the demo',
    ])
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Dismiss')!
      .trigger('click')
    expect(wrapper.find('.getting-started').exists()).toBe(false)
    wrapper.unmount()

    setActivePinia(createPinia())
    const again = await mountCard()
    expect(again.find('.getting-started').exists()).toBe(false)
  })

  it('is not shown once the demo is gone', async () => {
    const wrapper = await mountCard([sourceView({ id: 'mine', name: 'Mine' })])
    expect(wrapper.find('.getting-started').exists()).toBe(false)
  })

  it('disconnects the demo in one click', async () => {
    fake.api.disconnectSource.mockResolvedValue(
      sourceView({ id: DEMO_SOURCE_ID, name: 'Demo', state: 'closed' }),
    )
    const wrapper = await mountCard()
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Disconnect the demo')!
      .trigger('click')
    await flushPromises()
    expect(fake.api.disconnectSource).toHaveBeenCalledWith(DEMO_SOURCE_ID)
    expect(wrapper.text()).toContain('Connect the demo')
  })
})
