import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { fake } from '../test/fake-api'
import { triggerFake } from '../test/fake-trigger-api'
import { sourceView } from '../test/fixtures'
import { useSourcesStore } from '../stores/sources'
import { useTriggersStore } from '../stores/triggers'
import TriggerEditPage from './TriggerEditPage.vue'

vi.mock('../api', async () => (await import('../test/fake-trigger-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  triggerFake.reset()
})

async function mountPage() {
  fake.api.listSources.mockResolvedValue([sourceView({ id: 'demo', name: 'Demo' })])
  await useSourcesStore().start()
  await useTriggersStore().start()
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/triggers', component: { template: '<p>list</p>' } },
      { path: '/triggers/new', component: TriggerEditPage },
      { path: '/triggers/:id', name: 'trigger-edit', component: TriggerEditPage },
    ],
  })
  await router.push('/triggers/new')
  const wrapper = mount(
    { template: '<RouterView />' },
    {
      attachTo: document.body,
      global: { plugins: [router] },
    },
  )
  await flushPromises()
  return { wrapper, router }
}

describe('TriggerEditPage: leaving with unsaved changes (B13)', () => {
  it("asks in the app's own dialog, not confirm(), and stays or leaves as answered", async () => {
    // happy-dom has no confirm(): one stands in to prove it is never asked.
    const confirm = vi.fn(() => true)
    vi.stubGlobal('confirm', confirm)
    const { wrapper, router } = await mountPage()
    await wrapper.get('.basics input[type="text"]').setValue('Changed name')

    void router.push('/triggers')
    await flushPromises()
    const dialog = wrapper.get('dialog')
    expect(dialog.text()).toContain('Leave without saving?')
    expect(confirm).not.toHaveBeenCalled()
    await dialog
      .findAll('button')
      .find((b) => b.text() === 'Keep editing')!
      .trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/triggers/new')
    expect(wrapper.find('dialog').exists()).toBe(false)

    void router.push('/triggers')
    await flushPromises()
    await wrapper
      .get('dialog')
      .findAll('button')
      .find((b) => b.text() === 'Leave without saving')!
      .trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/triggers')
    expect(confirm).not.toHaveBeenCalled()
    vi.unstubAllGlobals()
    wrapper.unmount()
  })

  it('leaves without asking when nothing changed', async () => {
    const { wrapper, router } = await mountPage()
    await router.push('/triggers')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/triggers')
    expect(wrapper.find('dialog').exists()).toBe(false)
    wrapper.unmount()
  })
})
