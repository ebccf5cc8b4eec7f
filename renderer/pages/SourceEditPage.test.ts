import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { fake } from '../test/fake-api'
import { sourceView } from '../test/fixtures'
import SourceEditPage from './SourceEditPage.vue'

vi.mock('../api', async () => (await import('../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

async function mountPage(path = '/sources/new') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/sources', component: { template: '<p>list</p>' } },
      { path: '/sources/new', component: SourceEditPage },
      { path: '/sources/:id', component: { template: '<p>source</p>' } },
      { path: '/sources/:id/edit', component: SourceEditPage },
    ],
  })
  await router.push(path)
  const wrapper = mount(
    { template: '<RouterView />' },
    { attachTo: document.body, global: { plugins: [router] } },
  )
  await flushPromises()
  return { wrapper, router }
}

const click = async (wrapper: { findAll(s: string): { text(): string }[] }, text: string) => {
  const button = wrapper.findAll('button').find((b) => b.text() === text) as
    { trigger(event: string): Promise<void> } | undefined
  await button!.trigger('click')
  await flushPromises()
}

describe('SourceEditPage: leaving a half-filled form (B13)', () => {
  it("asks in the app's own dialog and stays or leaves as answered", async () => {
    const { wrapper, router } = await mountPage()
    await wrapper.get('#field-name').setValue('Front door')

    void router.push('/sources')
    await flushPromises()
    expect(wrapper.get('dialog').text()).toContain('This source has changes that are not saved')
    await click(wrapper.get('dialog'), 'Keep editing')
    expect(router.currentRoute.value.path).toBe('/sources/new')
    expect((wrapper.get('#field-name').element as HTMLInputElement).value).toBe('Front door')

    void router.push('/sources')
    await flushPromises()
    await click(wrapper.get('dialog'), 'Leave without saving')
    expect(router.currentRoute.value.path).toBe('/sources')
    wrapper.unmount()
  })

  it('asks nothing of an untouched form, a Cancel or a save', async () => {
    const untouched = await mountPage()
    await untouched.router.push('/sources')
    expect(untouched.router.currentRoute.value.path).toBe('/sources')
    untouched.wrapper.unmount()

    const cancelled = await mountPage()
    await cancelled.wrapper.get('#field-name').setValue('Front door')
    await click(cancelled.wrapper, 'Cancel')
    expect(cancelled.router.currentRoute.value.path).toBe('/sources')
    cancelled.wrapper.unmount()

    fake.api.saveSource.mockImplementation(async (draft) => sourceView(draft as never))
    const saved = await mountPage()
    await saved.wrapper.get('#field-name').setValue('Front door')
    await saved.wrapper.get('#field-url').setValue('ws://127.0.0.1:9/')
    await saved.wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.api.saveSource).toHaveBeenCalled()
    expect(saved.router.currentRoute.value.path).toBe('/sources/front-door')
    expect(saved.wrapper.find('dialog').exists()).toBe(false)
    saved.wrapper.unmount()
  })

  it('asks nothing of a saved source opened for editing and left as it was', async () => {
    fake.api.getConfig.mockResolvedValue({
      version: 1,
      sources: [
        {
          id: 'census',
          name: 'Census',
          preset: 'census',
          enabled: true,
          url: 'wss://push.planetside2.com/streaming?environment=ps2&service-id=s:x',
          headers: {},
          onOpen: [],
          reconnect: { initialMs: 1_500, maxMs: 90_000 },
          watchdog: { deadChannelMs: 120_000 },
          options: { eventNames: ['Death'], worlds: ['all'], characters: ['all'] },
        },
      ],
      triggers: [],
    } as never)
    const { wrapper, router } = await mountPage('/sources/census/edit')
    expect((wrapper.get('#field-name').element as HTMLInputElement).value).toBe('Census')
    await router.push('/sources')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/sources')
    expect(wrapper.find('dialog').exists()).toBe(false)
    wrapper.unmount()
  })
})
