import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fake } from '../../test/fake-api'
import { vigilEvent } from '../../test/fixtures'
import { triggerFake } from '../../test/fake-trigger-api'
import { testRouter } from '../../test/router'
import { notificationView } from '../../test/trigger-fixtures'
import HeldBackDialog from './HeldBackDialog.vue'

vi.mock('../../api', async () => (await import('../../test/fake-trigger-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  triggerFake.reset()
})

describe('HeldBackDialog (B17)', () => {
  it("lists a digest's held-back matches, each opening its event, and says how many more", async () => {
    fake.api.recentEvents.mockResolvedValueOnce([
      vigilEvent(8, { type: 'door' }),
      vigilEvent(7, { type: 'door' }),
      vigilEvent(6, { type: 'door' }),
    ])
    const digest = notificationView(3, {
      title: 'Doors: 40 more',
      kind: 'digest',
      heldBack: { eventIds: [7, 8, 9], count: 40 },
    })
    const wrapper = mount(HeldBackDialog, {
      props: { notification: digest, triggerName: 'Doors' },
      global: { plugins: [testRouter()] },
    })
    await flushPromises()
    expect(fake.api.recentEvents).toHaveBeenCalledWith({ source: 'demo', limit: 10_000 })
    expect(wrapper.text()).toContain('Held back: 40 matches')
    const links = wrapper.findAll('[aria-label="Held-back matches, oldest first"] a')
    expect(links.map((a) => a.text())).toEqual(['Event #7', 'Event #8', 'Event #9'])
    expect(links[0]!.attributes('href')).toContain('/events?event=7')
    // Found in the recent events: its type and time; gone from them: the id alone.
    expect(wrapper.findAll('li')[0]!.text()).toContain('door')
    expect(wrapper.findAll('li')[2]!.text()).toBe('Event #9')
    expect(wrapper.text()).toContain('And 37 more')
  })
})
