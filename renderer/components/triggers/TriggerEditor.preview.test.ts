import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { newDraft, type Draft } from '../../lib/trigger-draft'
import { vigilEvent } from '../../test/fixtures'
import { triggerFake } from '../../test/fake-trigger-api'
import { mountEditor } from '../../test/trigger-editor'
import { triggerView } from '../../test/trigger-fixtures'

vi.mock('../../api', async () => (await import('../../test/fake-trigger-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  triggerFake.reset()
})

// Newest first, as `event:recent` answers.
const EVENTS = [
  vigilEvent(30, { type: 'battery', payload: { level: 69 } }),
  vigilEvent(20, { type: 'battery', payload: { level: 18 } }),
  vigilEvent(10, { type: 'battery', payload: { level: 12 } }),
]

const lowBattery: Draft = {
  ...newDraft({ source: 'demo', type: 'battery' }),
  id: 'low-battery',
  name: 'Low battery',
  condition: { all: [{ field: 'payload.level', op: 'lt', value: 20 }] },
  actions: [
    { type: 'notify', title: 'Battery at {{payload.level}}%', body: '', urgency: 'critical' },
  ],
}

const preview = (wrapper: Awaited<ReturnType<typeof mountEditor>>['wrapper']) =>
  wrapper.get('.actions .card .preview').text()

/** Lets the samples' debounce (250 ms) run and its answer arrive. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 300))
  await flushPromises()
}

describe('TriggerEditor: the template preview (B6)', () => {
  it('previews with the newest event the trigger matches, not the newest event', async () => {
    const { wrapper } = await mountEditor(lowBattery, { events: EVENTS })
    await settle()
    expect(preview(wrapper)).toContain('Battery at 18%')
    expect(wrapper.get('[data-testid="preview-note"]').text()).toContain(
      'event #20: the newest event this trigger matches',
    )
    wrapper.unmount()
  })

  it('previews with the event the builder was launched from', async () => {
    const { wrapper } = await mountEditor(lowBattery, {
      events: EVENTS,
      launch: { id: 10, source: 'demo', type: 'battery' },
    })
    await settle()
    expect(preview(wrapper)).toContain('Battery at 12%')
    expect(wrapper.get('[data-testid="preview-note"]').text()).toContain('the event you started')
    wrapper.unmount()
  })

  it('keeps previewing with a match after a save', async () => {
    const { wrapper } = await mountEditor(lowBattery, { events: EVENTS, isNew: false })
    await settle()
    triggerFake.api.saveTrigger.mockImplementationOnce(async (trigger: unknown) =>
      triggerView(trigger as Partial<ReturnType<typeof triggerView>>),
    )
    await wrapper.get('button.primary').trigger('click')
    await settle()
    expect(triggerFake.api.saveTrigger).toHaveBeenCalled()
    expect(preview(wrapper)).toContain('Battery at 18%')
    wrapper.unmount()
  })
})
