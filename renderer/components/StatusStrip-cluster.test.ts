import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ClusterStatus } from '../../shared/cluster'
import { useClusterStore } from '../stores/cluster'
import { fake } from '../test/fake-api'
import StatusStrip from './StatusStrip.vue'

vi.mock('../api', async () => (await import('../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

const inCluster: ClusterStatus = {
  enabled: true,
  node: 'b',
  role: 'member',
  connected: true,
  members: [
    { name: 'a', role: 'member', since: 1, sources: ['census'] },
    { name: 'b', role: 'member', since: 2, sources: [] },
  ],
  leases: { census: 'a' },
}

describe('StatusStrip in a cluster', () => {
  it('names the node and its members, and says when the cluster is unreachable', async () => {
    fake.api.getClusterStatus.mockImplementation(async () => inCluster)
    const wrapper = mount(StatusStrip)
    await useClusterStore().start()
    await wrapper.vm.$nextTick()
    expect(wrapper.get('.cluster-info').text()).toMatch(/^Node b \(member\) · 2 members: a, b$/)
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)

    fake.push.clusterStatus({ ...inCluster, connected: false })
    await wrapper.vm.$nextTick()
    expect(wrapper.get('[role="alert"]').text()).toMatch(
      /^Cluster unreachable\. This host works alone/,
    )
    fake.push.clusterStatus(inCluster)
    await wrapper.vm.$nextTick()
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
  })

  it("says when this host's own config differed from the cluster's", async () => {
    const notice = "this host's config differs from the cluster's (version 3)"
    fake.api.getClusterStatus.mockImplementation(async () => ({
      ...inCluster,
      configNotice: notice,
    }))
    const wrapper = mount(StatusStrip)
    await useClusterStore().start()
    await wrapper.vm.$nextTick()
    expect(wrapper.get('.cluster-notice').text()).toBe(notice)
  })

  it('shows nothing of a cluster on a single host', async () => {
    const wrapper = mount(StatusStrip)
    await useClusterStore().start()
    await wrapper.vm.$nextTick()
    expect(wrapper.find('.cluster-info').exists()).toBe(false)
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
  })
})
