import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { TriggerConfig } from '../../../shared/trigger-config'
import { newDraft } from '../../lib/trigger-draft'
import { triggerFake } from '../../test/fake-trigger-api'
import { mountEditor } from '../../test/trigger-editor'
import { backtestReport, triggerView } from '../../test/trigger-fixtures'

vi.mock('../../api', async () => (await import('../../test/fake-trigger-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  triggerFake.reset()
  triggerFake.api.saveTrigger.mockImplementation(async (trigger: unknown) =>
    triggerView(trigger as Partial<ReturnType<typeof triggerView>>),
  )
})

const initial = { ...newDraft({ source: 'demo', type: 'door' }), id: 'doors', name: 'Doors' }
const flooding = backtestReport({
  scanned: 40,
  matched: 36,
  predictedPerHour: 3702.9,
  prediction: {
    events: 40,
    matched: 36,
    spanMs: 35_000,
    matchesPerHour: 3702.9,
    limitPerHour: null,
  },
})

async function saveAndAsk() {
  triggerFake.api.backtestTrigger.mockResolvedValue(flooding)
  const mounted = await mountEditor(initial)
  await mounted.wrapper.get('button.primary').trigger('click')
  await flushPromises()
  return mounted
}

const button = (wrapper: Awaited<ReturnType<typeof mountEditor>>['wrapper'], text: RegExp) =>
  wrapper
    .get('dialog')
    .findAll('button')
    .find((b) => text.test(b.text()))!

describe('TriggerEditor: the flood guard on save', () => {
  it('asks before saving a trigger that would send more than 30 notifications an hour', async () => {
    const { wrapper } = await saveAndAsk()
    expect(triggerFake.api.backtestTrigger).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'doors' }),
      1000,
      undefined,
    )
    expect(triggerFake.api.saveTrigger).not.toHaveBeenCalled()
    const dialog = wrapper.get('dialog')
    expect(dialog.text()).toContain('This trigger would flood you')
    expect(dialog.get('[data-testid="flood-rate"]').text()).toMatch(
      /about 3,?702\.9 notifications an hour/,
    )
    expect(dialog.text()).toContain('It matched 36 of the last 40 events, over 35 s.')
    wrapper.unmount()
  })

  it('adds a cooldown in one click and saves', async () => {
    const { wrapper } = await saveAndAsk()
    await button(wrapper, /^Add a cooldown/).trigger('click')
    await flushPromises()
    const saved = triggerFake.api.saveTrigger.mock.calls[0]![0] as TriggerConfig
    expect(saved.noise.cooldown).toEqual({ seconds: 120 })
    expect(wrapper.find('dialog').exists()).toBe(false)
    expect(wrapper.text()).toContain('Saved')
    wrapper.unmount()
  })

  it('adds a rate limit in one click, or saves as it is, or goes back to editing', async () => {
    const { wrapper } = await saveAndAsk()
    await button(wrapper, /^Limit to 1 a minute/).trigger('click')
    await flushPromises()
    expect(
      (triggerFake.api.saveTrigger.mock.calls[0]![0] as TriggerConfig).noise.maxPerMinute,
    ).toBe(1)
    wrapper.unmount()

    setActivePinia(createPinia())
    const second = await saveAndAsk()
    await button(second.wrapper, /^Keep editing/).trigger('click')
    await flushPromises()
    expect(second.wrapper.find('dialog').exists()).toBe(false)
    await second.wrapper.get('button.primary').trigger('click')
    await flushPromises()
    await button(second.wrapper, /^Save as it is/).trigger('click')
    await flushPromises()
    const asIs = triggerFake.api.saveTrigger.mock.calls.at(-1)![0] as TriggerConfig
    expect(asIs.noise).not.toHaveProperty('cooldown')
    second.wrapper.unmount()
  })

  it('saves without asking below the threshold, or when the backtest cannot run', async () => {
    triggerFake.api.backtestTrigger.mockResolvedValueOnce(backtestReport({ predictedPerHour: 12 }))
    const { wrapper } = await mountEditor(initial, { isNew: false })
    await wrapper.get('button.primary').trigger('click')
    await flushPromises()
    expect(triggerFake.api.saveTrigger).toHaveBeenCalledTimes(1)
    triggerFake.api.backtestTrigger.mockRejectedValueOnce(new Error('no events'))
    await wrapper.get('button.primary').trigger('click')
    await flushPromises()
    expect(triggerFake.api.saveTrigger).toHaveBeenCalledTimes(2)
    wrapper.unmount()
  })
})
