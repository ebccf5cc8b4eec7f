import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import DriftNotice from './DriftNotice.vue'

const NOW = 1_700_000_000_000

describe('DriftNotice', () => {
  it('spaces the field name from the words after it (B3)', () => {
    const wrapper = mount(DriftNotice, {
      props: {
        now: NOW,
        drifts: [
          {
            field: 'payload.doo',
            sourceId: 'home-doors',
            type: 'door',
            lastSeenAt: null,
            typeLastSeenAt: NOW - 5_000,
          },
          {
            field: 'payload.battery',
            sourceId: 'home-doors',
            type: 'door',
            lastSeenAt: NOW - 2 * 3_600_000,
            typeLastSeenAt: NOW - 5_000,
          },
        ],
      },
    })
    const items = wrapper.findAll('li').map((li) => li.text().replace(/\s+/g, ' '))
    expect(items[0]).toMatch(/^payload\.doo never seen in door events from home-doors/)
    expect(items[1]).toMatch(/^payload\.battery last seen 2 hours ago in door events/)
  })
})
