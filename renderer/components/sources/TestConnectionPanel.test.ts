import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { SourceTestReport, SourceTestRequest } from '../../../shared/source-test'
import { fake } from '../../test/fake-api'
import TestConnectionPanel from './TestConnectionPanel.vue'

vi.mock('../../api', async () => (await import('../../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

const request: SourceTestRequest = {
  source: { id: 'door', name: 'Door', preset: 'generic', url: 'ws://127.0.0.1:9/' },
  secrets: [{ ref: 'door-secret', value: 's3cret' }],
}

const frame = (index: number, text: string, kind: 'event' | 'control', types: string[] = []) => ({
  index,
  at: 12,
  bytes: text.length,
  binary: false,
  text,
  truncated: false,
  kind,
  types,
})

const report: SourceTestReport = {
  opened: true,
  steps: [
    { state: 'connecting', at: 0 },
    { state: 'open', at: 40 },
    { state: 'closed', at: 900, message: 'stopped after 10 frames' },
  ],
  frames: [
    frame(1, '{"hello":1}', 'control'),
    frame(2, '{"event_name":"Death"}', 'event', ['unknown']),
    // Frames 3 and 4 carried no event, past the first frames: not listed.
    frame(5, '{"event_name":"Login"}', 'event', ['unknown']),
  ],
  framesReceived: 5,
  unknownTypes: 2,
  eventTypePath: 'type',
  typeCandidates: [{ path: 'event_name', score: 0.9, values: ['Death', 'Login'], coverage: 1 }],
  error: null,
  notices: [],
  durationMs: 900,
}

function mountPanel(make: () => SourceTestRequest | null = () => request) {
  return mount(TestConnectionPanel, { props: { request: make, eventTypePath: '' } })
}

const button = (wrapper: ReturnType<typeof mountPanel>, text: string) =>
  wrapper.findAll('button').find((b) => b.text() === text)!

describe('TestConnectionPanel', () => {
  it('sends the unsaved source with its typed secrets and shows what came back', async () => {
    fake.api.testSource.mockResolvedValue(report)
    const wrapper = mountPanel()
    await button(wrapper, 'Test connection').trigger('click')
    await flushPromises()

    expect(fake.api.testSource).toHaveBeenCalledWith(request)
    expect(wrapper.get('.outcome').text()).toBe('Opened; 5 frames received (3 listed), 2 events.')
    expect(wrapper.findAll('.frame .number').map((n) => n.text())).toEqual(['1', '2', '5'])
    expect(wrapper.get('.frame:nth-child(3) .skipped').text()).toBe(
      '2 frames without events not listed',
    )
    expect(wrapper.findAll('.skipped')).toHaveLength(1)
    expect(wrapper.findAll('.steps li').map((li) => li.text())).toEqual([
      'Connecting at once',
      'Open after 40 ms',
      'Closed after 900 ms: stopped after 10 frames',
    ])
    expect(wrapper.findAll('.frame .verdict').map((v) => v.text())).toEqual([
      'control',
      'event: unknown',
      'event: unknown',
    ])
    expect(wrapper.get('.frame .text').text()).toBe('{"hello":1}')
    expect(wrapper.get('[data-testid="unknown-types"]').text()).toBe(
      '2 events of 2 had no type at type and would be typed unknown.',
    )
  })

  it('uses a proposed field as the event type in one click', async () => {
    fake.api.testSource.mockResolvedValue(report)
    const wrapper = mountPanel()
    await button(wrapper, 'Test connection').trigger('click')
    await flushPromises()
    expect(wrapper.get('.candidate').text()).toContain('Death, Login')
    await button(wrapper, 'Use as the event type').trigger('click')
    expect(wrapper.emitted('use-path')).toEqual([['event_name']])
    expect(wrapper.text()).toContain('The event type path is now event_name')
  })

  it('says what went wrong in plain words, with the raw text under Details', async () => {
    fake.api.testSource.mockResolvedValue({
      ...report,
      opened: false,
      steps: [
        { state: 'connecting', at: 0 },
        { state: 'closed', at: 3, message: 'refused' },
      ],
      frames: [],
      framesReceived: 0,
      unknownTypes: 0,
      typeCandidates: [],
      error: {
        kind: 'network',
        message: 'nothing is listening at 127.0.0.1:9',
        detail: 'connect ECONNREFUSED 127.0.0.1:9',
        at: Date.now(),
      },
    })
    const wrapper = mountPanel()
    await button(wrapper, 'Test connection').trigger('click')
    await flushPromises()
    expect(wrapper.get('.outcome').text()).toBe('Did not open.')
    expect(wrapper.get('.last-error .message').text()).toBe('nothing is listening at 127.0.0.1:9')
    expect(wrapper.get('details').text()).toContain('ECONNREFUSED')
    expect(wrapper.find('.types').exists()).toBe(false)
  })

  it('does not dial while the form has problems, and says why; an engine refusal is shown', async () => {
    const wrapper = mountPanel(() => null)
    await button(wrapper, 'Test connection').trigger('click')
    expect(fake.api.testSource).not.toHaveBeenCalled()
    expect(wrapper.get('[role="alert"]').text()).toMatch(/^Fix the marked fields first/)

    fake.api.testSource.mockRejectedValue(new Error('4 tests are running already'))
    await wrapper.setProps({ request: () => request })
    await button(wrapper, 'Test connection').trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe(
      'The test could not run: 4 tests are running already',
    )
  })
})
