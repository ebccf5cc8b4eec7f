import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fake } from '../../test/fake-api'
import { sourceView } from '../../test/fixtures'
import { useHistoryStore } from '../../stores/history'
import { useSourcesStore } from '../../stores/sources'
import HistoryFilters from './HistoryFilters.vue'

vi.mock('../../api', async () => (await import('../../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

describe('HistoryFilters', () => {
  it('says a reversed range is reversed instead of searching', async () => {
    const history = useHistoryStore()
    const search = vi.spyOn(history, 'search').mockResolvedValue()
    const wrapper = mount(HistoryFilters, { attachTo: document.body })
    history.filter.from = '2026-11-20T12:00:00'
    history.filter.to = '2026-11-20T10:00:00'
    await wrapper.get('form').trigger('submit')
    expect(search).not.toHaveBeenCalled()
    expect(wrapper.get('[role="alert"]').text()).toMatch(/reversed/)

    history.filter.to = '2026-11-20T13:00:00'
    await wrapper.get('form').trigger('submit')
    expect(search).toHaveBeenCalledTimes(1)
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('keeps showing a filter on a source removed since', async () => {
    fake.api.listSources.mockResolvedValue([sourceView({ id: 'demo', name: 'Demo' })])
    await useSourcesStore().start()
    const history = useHistoryStore()
    history.filter.source = 'lab-sensors'
    const wrapper = mount(HistoryFilters, { attachTo: document.body })
    await flushPromises()
    const select = wrapper.get('select').element as HTMLSelectElement
    expect(select.value).toBe('lab-sensors')
    expect(select.selectedOptions[0]?.textContent?.trim()).toBe('lab-sensors (removed)')
    wrapper.unmount()
  })
})
