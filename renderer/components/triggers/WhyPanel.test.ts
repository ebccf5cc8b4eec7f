import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { NearMissReport } from '../../../shared/trigger-views'
import { triggerFake } from '../../test/fake-trigger-api'
import { triggerView } from '../../test/trigger-fixtures'
import { useTriggersStore } from '../../stores/triggers'
import WhyPanel from './WhyPanel.vue'

vi.mock('../../api', async () => (await import('../../test/fake-trigger-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  triggerFake.reset()
})
afterEach(() => vi.useRealTimers())

function report(events: number): NearMissReport {
  return {
    nearMisses: [
      {
        eventId: 7,
        sourceId: 'doors',
        type: 'door',
        receivedAt: 1_700_000_000_000,
        failing: {
          path: 'condition.all.0',
          field: 'payload.state',
          op: 'eq',
          value: 'ajar',
          verdict: false,
          seen: 'open',
        },
      },
    ],
    summary: {
      events,
      leaves: [
        {
          path: 'condition.all.0',
          field: 'payload.state',
          op: 'eq',
          value: 'ajar',
          failed: events,
          seen: [
            { value: 'open', count: Math.round(events * 0.52) },
            { value: 'closed', count: events - Math.round(events * 0.52) },
          ],
          otherFailed: 0,
        },
      ],
    },
  }
}

describe('WhyPanel', () => {
  it('answers per condition: failed how often, and what was seen instead', async () => {
    triggerFake.api.listTriggers.mockResolvedValue([
      triggerView({
        id: 'ajar',
        counters: { evaluated: 50, matched: 0, fired: 0, suppressed: {}, lastFiredAt: null },
      }),
    ])
    triggerFake.api.triggerNearMissReport.mockResolvedValue(report(50))
    await useTriggersStore().start()
    const wrapper = mount(WhyPanel, { props: { triggerId: 'ajar' } })
    await flushPromises()
    const leaf = wrapper.get('[data-leaf-path="condition.all.0"]').text().replace(/\s+/g, ' ')
    expect(leaf).toContain('payload.state equals "ajar": failed 100 %')
    expect(leaf).toContain('Seen instead: open 52 %, closed 48 %')
    expect(wrapper.text()).toContain('Over 50 events')
    expect(wrapper.get('[aria-label="Near misses, newest first"]').text()).toContain('saw "open"')
    expect(wrapper.find('[data-testid="why-headline"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('says first when the trigger as a whole is the reason', async () => {
    triggerFake.api.listTriggers.mockResolvedValue([triggerView({ id: 'off', enabled: false })])
    await useTriggersStore().start()
    const wrapper = mount(WhyPanel, { props: { triggerId: 'off' } })
    await flushPromises()
    expect(wrapper.get('[data-testid="why-headline"]').text()).toBe('It is switched off.')
    wrapper.unmount()
  })

  it('refreshes every few seconds while shown, and stops when it goes', async () => {
    vi.useFakeTimers()
    triggerFake.api.triggerNearMissReport.mockResolvedValueOnce(report(10))
    triggerFake.api.triggerNearMissReport.mockResolvedValue(report(20))
    const wrapper = mount(WhyPanel, { props: { triggerId: 'ajar' } })
    await flushPromises()
    expect(wrapper.text()).toContain('Over 10 events')
    await vi.advanceTimersByTimeAsync(4_000)
    await flushPromises()
    expect(wrapper.text()).toContain('Over 20 events')
    wrapper.unmount()
    const calls = triggerFake.api.triggerNearMissReport.mock.calls.length
    await vi.advanceTimersByTimeAsync(20_000)
    expect(triggerFake.api.triggerNearMissReport.mock.calls.length).toBe(calls)
  })
})
