import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { DEMO_SOURCE_ID } from '../../../shared/source-ids'
import type { ClusterView } from '../../../shared/cluster'
import { useBridgeStore } from '../../stores/bridge'
import { useClusterStore } from '../../stores/cluster'
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

async function mountCard(
  sources = [sourceView({ id: DEMO_SOURCE_ID, name: 'Demo' })],
  cluster: ClusterView = { enabled: false },
) {
  fake.api.listSources.mockResolvedValue(sources)
  await useSourcesStore().start()
  useBridgeStore().status = 'open'
  useClusterStore().status = cluster
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

  it('offers the demo button only where it works: on a single host, or on the member holding it', async () => {
    const clustered = (holder: string | null): ClusterView => ({
      enabled: true,
      node: 'desk-1',
      role: 'member',
      connected: true,
      members: [],
      leases: holder === null ? {} : { [DEMO_SOURCE_ID]: holder },
    })
    const demoButton = (wrapper: Awaited<ReturnType<typeof mountCard>>) =>
      wrapper.findAll('button').find((b) => b.text().endsWith('the demo'))

    const single = await mountCard()
    expect(demoButton(single)?.text()).toBe('Disconnect the demo')
    expect(single.find('.held').exists()).toBe(false)
    single.unmount()

    const holding = await mountCard(undefined, clustered('desk-1'))
    expect(demoButton(holding)?.text()).toBe('Disconnect the demo')
    holding.unmount()

    const elsewhere = await mountCard(undefined, clustered('desk-2'))
    expect(demoButton(elsewhere)).toBeUndefined()
    expect(elsewhere.get('.held').text()).toBe('Demo is held by desk-2; its events appear here.')
    elsewhere.unmount()

    const nobody = await mountCard(undefined, clustered(null))
    expect(demoButton(nobody)).toBeUndefined()
    expect(nobody.get('.held').text()).toBe(
      'No member of the cluster holds Demo now; its events appear here once one does.',
    )
  })
})
