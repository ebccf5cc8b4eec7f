import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { outageTrigger } from '../../../shared/outage-trigger'
import type { TriggerConfig } from '../../../shared/trigger-config'
import { triggerFake } from '../../test/fake-trigger-api'
import { triggerView } from '../../test/trigger-fixtures'
import { useTriggersStore } from '../../stores/triggers'
import OutageOffer from './OutageOffer.vue'

vi.mock('../../api', async () => (await import('../../test/fake-trigger-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  triggerFake.reset()
  localStorage.clear()
  triggerFake.api.saveTrigger.mockImplementation(async (trigger: unknown) =>
    triggerView(trigger as Partial<ReturnType<typeof triggerView>>),
  )
})

async function mountOffer(triggers = [triggerView({ id: 'headshots' })]) {
  triggerFake.api.listTriggers.mockResolvedValue(triggers)
  await useTriggersStore().start()
  const wrapper = mount(OutageOffer)
  await flushPromises()
  return wrapper
}

const button = (wrapper: Awaited<ReturnType<typeof mountOffer>>, text: RegExp) =>
  wrapper.findAll('button').find((b) => text.test(b.text()))!

describe('OutageOffer', () => {
  it('offers "Source down / back up" to a config without one, and adds it', async () => {
    const wrapper = await mountOffer()
    expect(wrapper.text()).toContain('Be told when a source goes down?')
    await button(wrapper, /^Add/).trigger('click')
    await flushPromises()
    const saved = triggerFake.api.saveTrigger.mock.calls[0]![0] as TriggerConfig
    expect(saved).toEqual(outageTrigger())
    expect(wrapper.find('section').exists()).toBe(false)
    expect(localStorage.getItem('vigil.outageOffer')).toBe('added')
  })

  it('asks once: declined, it stays away in this window', async () => {
    const wrapper = await mountOffer()
    await button(wrapper, /^No, thanks/).trigger('click')
    expect(wrapper.find('section').exists()).toBe(false)
    expect(localStorage.getItem('vigil.outageOffer')).toBe('declined')
    wrapper.unmount()
    setActivePinia(createPinia())
    const again = await mountOffer()
    expect(again.find('section').exists()).toBe(false)
  })

  it('says nothing to a config that has a trigger on failed sources, enabled or not', async () => {
    const own = triggerView({
      id: 'mine',
      enabled: false,
      sources: ['vigil'],
      events: ['source-failed'],
    })
    const wrapper = await mountOffer([own])
    expect(wrapper.find('section').exists()).toBe(false)
  })

  it('never replaces a trigger of the user that has its id', async () => {
    const wrapper = await mountOffer([triggerView({ id: 'vigil-outage', sources: ['demo'] })])
    await button(wrapper, /^Add/).trigger('click')
    await flushPromises()
    expect((triggerFake.api.saveTrigger.mock.calls[0]![0] as TriggerConfig).id).toBe(
      'vigil-outage-2',
    )
  })
})
