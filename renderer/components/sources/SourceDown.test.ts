import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { SourceTimelineEntry } from '../../../shared/source-timeline'
import { ApiError } from '../../api-error'
import { useSourcesStore } from '../../stores/sources'
import { fake } from '../../test/fake-api'
import { sourceView } from '../../test/fixtures'
import { testRouter } from '../../test/router'
import LastErrorView from './LastErrorView.vue'
import SourceList from './SourceList.vue'
import SourceNotices from './SourceNotices.vue'
import SourceTimeline from './SourceTimeline.vue'

vi.mock('../../api', async () => (await import('../../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

const refused = {
  kind: 'network' as const,
  message: 'nothing is listening at 127.0.0.1:18777',
  detail: 'connect ECONNREFUSED 127.0.0.1:18777',
  at: Date.now() - 5_000,
}

describe('a source that is down', () => {
  it('offers Retry now only while reconnecting, stale or failed, and counts tries apart (B15)', async () => {
    const wrapper = mount(SourceList, {
      props: {
        sources: [
          sourceView({
            id: 'down',
            name: 'Down',
            state: 'failed',
            counters: { ...sourceView().counters, reconnects: 1, attempts: 12 },
          }),
          sourceView({ id: 'up', name: 'Up', state: 'open' }),
          sourceView({ id: 'off', name: 'Off', state: 'closed' }),
        ],
        rates: new Map(),
        busy: new Set<string>(),
        linkUp: true,
      },
      global: { plugins: [testRouter()] },
    })
    const retry = (id: string) =>
      wrapper
        .get(`[data-source-id="${id}"]`)
        .findAll('button')
        .filter((b) => b.text() === 'Retry now')
    expect(retry('up')).toHaveLength(0)
    expect(retry('off')).toHaveLength(0)
    expect(retry('down')[0]!.attributes('aria-label')).toBe('Retry Down now')
    await retry('down')[0]!.trigger('click')
    expect(wrapper.emitted('retry')).toEqual([['down']])
    expect(wrapper.get('[data-source-id="down"] [data-testid="attempts"]').text()).toBe(
      '12 attempts',
    )
  })

  it('words the last error plainly, keeps the raw text under Details, and marks it resolved', async () => {
    const wrapper = mount(LastErrorView, { props: { error: refused } })
    expect(wrapper.get('.message').text()).toBe('nothing is listening at 127.0.0.1:18777')
    expect(wrapper.get('details').text()).toContain('connect ECONNREFUSED 127.0.0.1:18777')
    expect(wrapper.find('[data-testid="error-resolved"]').exists()).toBe(false)

    await wrapper.setProps({ error: { ...refused, resolvedAt: Date.now() } })
    expect(wrapper.get('[data-testid="error-resolved"]').text()).toMatch(
      /^resolved \d\d:\d\d:\d\d$/,
    )
    expect(wrapper.get('.last-error').classes()).toContain('resolved')
  })

  it('shows the timeline newest first and fetches it again when the state moves', async () => {
    const entries: SourceTimelineEntry[] = [
      {
        at: Date.now(),
        state: 'reconnecting',
        reason: 'ended',
        attempt: 2,
        error: { kind: 'network', message: refused.message },
        nextRetryAt: Date.now() + 1_000,
      },
      {
        at: Date.now() - 1_000,
        state: 'connecting',
        reason: 'retry',
        attempt: 1,
        error: null,
        nextRetryAt: null,
      },
    ]
    fake.api.sourceTimeline.mockResolvedValue(entries)
    const source = { id: 'down', state: 'reconnecting' as const, attempt: 2, nextRetryAt: 1 }
    const wrapper = mount(SourceTimeline, { props: { source } })
    await flushPromises()
    const rows = wrapper.findAll('li.entry')
    expect(rows.map((row) => row.get('.why').text())).toEqual([
      `connection ended attempt 2 · ${refused.message}`,
      'Retry now attempt 1',
    ])
    expect(fake.api.sourceTimeline).toHaveBeenCalledTimes(1)

    await wrapper.setProps({ source: { ...source, state: 'open', attempt: 0, nextRetryAt: null } })
    await flushPromises()
    expect(fake.api.sourceTimeline).toHaveBeenCalledTimes(2)

    fake.api.sourceTimeline.mockRejectedValueOnce(new ApiError('not-found', 'no such source'))
    await wrapper.setProps({ source: { ...source, state: 'stale' } })
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('Could not load the timeline: no such source')
  })

  it('fixes an unknown-types notice in one click: the suggested path, saved', async () => {
    fake.api.getConfig.mockResolvedValue({
      version: 1,
      sources: [
        {
          id: 'census',
          name: 'Census',
          preset: 'census',
          url: 'wss://x/',
          eventTypePath: 'payload.event_name',
        },
      ],
      triggers: [],
    } as never)
    fake.api.saveSource.mockImplementation(async (draft) => sourceView(draft as never))
    const notice = {
      code: 'unknown-types',
      message: 'most events have no payload.event_name; paths are relative to the payload',
      at: 1,
      suggestion: { eventTypePath: 'event_name' },
    }
    const wrapper = mount(SourceNotices, { props: { source: { id: 'census', notices: [notice] } } })
    expect(wrapper.text()).toContain('paths are relative to the payload')
    await wrapper.get('button').trigger('click')
    await flushPromises()
    expect(fake.api.saveSource).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'census', eventTypePath: 'event_name' }),
    )
    expect(wrapper.get('[role="status"]').text()).toBe('Event types are now read from event_name.')
    expect(useSourcesStore().byId.get('census')).toBeDefined()
  })
})
