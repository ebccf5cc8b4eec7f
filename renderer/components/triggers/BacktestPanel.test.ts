import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError } from '../../api'
import { newDraft } from '../../lib/trigger-draft'
import { fake } from '../../test/fake-api'
import { triggerFake } from '../../test/fake-trigger-api'
import { vigilEvent } from '../../test/fixtures'
import { backtestReport } from '../../test/trigger-fixtures'
import BacktestPanel from './BacktestPanel.vue'

vi.mock('../../api', async () => (await import('../../test/fake-trigger-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  triggerFake.reset()
})

const draft = {
  ...newDraft({ source: 'demo', type: 'Death', field: 'payload.is_headshot', op: 'is-true' }),
  id: 'draft',
}

function mountPanel() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:p(.*)*', component: { template: '<p />' } }],
  })
  return mount(BacktestPanel, { props: { draft }, global: { plugins: [router] } })
}

describe('BacktestPanel', () => {
  it('runs the draft and shows the predicted count, matches and per-leaf verdicts', async () => {
    triggerFake.api.backtestTrigger.mockResolvedValueOnce(
      backtestReport({
        scanned: 50,
        from: 1_000,
        to: 2_000,
        matched: 12,
        fired: 2,
        notifications: 3,
        digests: 1,
        suppressed: { 'rate-limit': 10 },
        matches: [
          {
            eventId: 41,
            sourceId: 'demo',
            type: 'Death',
            receivedAt: 1_900,
            outcome: 'fired',
            title: 'Headshot!',
          },
          {
            eventId: 40,
            sourceId: 'demo',
            type: 'Death',
            receivedAt: 1_800,
            outcome: 'suppressed',
            reason: 'rate-limit',
          },
        ],
        misses: [
          {
            eventId: 39,
            sourceId: 'demo',
            type: 'Death',
            receivedAt: 1_700,
            leaves: [
              {
                path: 'condition.all.0',
                field: 'payload.is_headshot',
                op: 'is-true',
                verdict: false,
                seen: '0',
              },
            ],
            failing: {
              path: 'condition.all.0',
              field: 'payload.is_headshot',
              op: 'is-true',
              verdict: false,
              seen: '0',
            },
          },
        ],
      }),
    )
    const wrapper = mountPanel()
    await wrapper.get('input[aria-label="Events to scan"]').setValue(500)
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(triggerFake.api.backtestTrigger).toHaveBeenCalledWith(draft, 500, undefined)
    expect(wrapper.get('[data-testid="backtest-predicted"]').text()).toMatch(
      /^3\s+notifications would have fired/,
    )
    const text = wrapper.text()
    expect(text).toContain('rate limit 10')
    expect(text).toContain('+ 1 digest')
    const matches = wrapper.get('[aria-label="Backtest matches"]').findAll('button')
    expect(matches.map((m) => m.text())).toEqual([
      expect.stringMatching(/Death\s*fires\s*Headshot!/),
      expect.stringMatching(/Death\s*rate limit/),
    ])
    const verdicts = wrapper.get('.misses table').text()
    expect(verdicts).toContain('payload.is_headshot is true')
    expect(verdicts).toContain('"0"')
    expect(verdicts).toContain('✗ false')
    expect(wrapper.find('.misses tr.decisive').exists()).toBe(true)
  })

  it('opens a match: fetches its event and offers it as the preview sample', async () => {
    triggerFake.api.backtestTrigger.mockResolvedValueOnce(
      backtestReport({
        scanned: 1,
        matched: 1,
        matches: [{ eventId: 7, sourceId: 'demo', type: 'Death', receivedAt: 5, outcome: 'fired' }],
      }),
    )
    const event = vigilEvent(7, { type: 'Death', payload: { is_headshot: '1' } })
    fake.api.recentEvents.mockResolvedValueOnce([vigilEvent(8), event])
    const wrapper = mountPanel()
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    await wrapper.get('[aria-label="Backtest matches"] button').trigger('click')
    await flushPromises()
    expect(fake.api.recentEvents).toHaveBeenCalledWith({
      source: 'demo',
      type: 'Death',
      limit: 10_000,
    })
    expect(wrapper.emitted('sample')).toEqual([[event]])
    expect(wrapper.get('.selected-event pre').text()).toContain('"is_headshot": "1"')
  })

  it('marks a report outdated when the draft changes, and shows refusals with draft paths', async () => {
    triggerFake.api.backtestTrigger.mockResolvedValueOnce(backtestReport())
    const wrapper = mountPanel()
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).not.toContain('The draft changed')
    await wrapper.setProps({ draft: { ...draft, name: 'changed' } })
    expect(wrapper.text()).toContain('The draft changed since this run')

    triggerFake.api.backtestTrigger.mockRejectedValueOnce(
      new ApiError('invalid-argument', 'bad draft', [
        { path: '0.condition.all.0.value', message: 'is-true takes no value' },
      ]),
    )
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toMatch(
      /condition\.all\.0\.value\s*is-true takes no value/,
    )
    // Fixing the draft clears the error about the old one.
    await wrapper.setProps({ draft: { ...draft, name: 'fixed' } })
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
  })
  it('runs the condition alone on request, and says the rate and each condition', async () => {
    triggerFake.api.backtestTrigger.mockResolvedValueOnce(
      backtestReport({
        scanned: 40,
        predictedPerHour: 72.5,
        summary: {
          events: 40,
          leaves: [
            {
              path: 'condition.all.0',
              field: 'payload.is_headshot',
              op: 'is-true',
              failed: 30,
              seen: [{ value: '0', count: 30 }],
              otherFailed: 0,
            },
          ],
        },
      }),
    )
    const wrapper = mountPanel()
    await wrapper.get('.alone input[type="checkbox"]').setValue(true)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(triggerFake.api.backtestTrigger).toHaveBeenCalledWith(draft, 1000, {
      ignoreSnoozeAndQuietHours: true,
    })
    expect(wrapper.get('[data-testid="backtest-rate"]').text()).toBe(
      'About 72.5 an hour at the recent rate.',
    )
    const leaf = wrapper.get('[data-leaf-path="condition.all.0"]').text().replace(/\s+/g, ' ')
    expect(leaf).toMatch(/payload\.is_headshot is true\s?: failed 75 %/)
    expect(leaf).toContain('Seen instead: 0 100 %')
  })
})
