import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { TriggerView } from '../../../shared/trigger-views'
import { testRouter } from '../../test/router'
import { triggerView } from '../../test/trigger-fixtures'
import TriggerList from './TriggerList.vue'

function mountList(triggers: TriggerView[]) {
  return mount(TriggerList, {
    props: {
      triggers,
      busy: new Set<string>(),
      sourceNames: new Map([['demo', 'Demo']]),
      linkUp: true,
      now: Date.now(),
      drifts: new Map(),
    },
    global: { plugins: [testRouter()] },
  })
}

describe('TriggerList', () => {
  it('names each Edit link after its trigger, the visible word first (B12)', () => {
    const wrapper = mountList([
      triggerView({ id: 'a', name: 'Door ajar' }),
      triggerView({ id: 'b', name: 'Battery low' }),
    ])
    const edits = wrapper.findAll('a.button').filter((link) => link.text() === 'Edit')
    expect(edits.map((link) => link.attributes('aria-label'))).toEqual([
      'Edit Door ajar',
      'Edit Battery low',
    ])
  })
  it('offers "Why?" on a trigger that never fired or turned events down, not on the others', () => {
    const counters = (evaluated: number, matched: number, fired: number) => ({
      evaluated,
      matched,
      fired,
      suppressed: {},
      lastFiredAt: null,
    })
    const wrapper = mountList([
      triggerView({ id: 'never', name: 'Never', counters: counters(0, 0, 0) }),
      triggerView({ id: 'misses', name: 'Misses', counters: counters(10, 4, 4) }),
      triggerView({ id: 'fine', name: 'Fine', counters: counters(4, 4, 4) }),
    ])
    const whys = wrapper.findAll('a').filter((link) => link.text() === 'Why?')
    expect(whys.map((link) => link.attributes('aria-label'))).toEqual(['Why? Never', 'Why? Misses'])
    expect(whys[0]!.attributes('href')).toContain('/triggers/never?why=1')
  })
  it("ends a trigger's snooze when its snooze chip is clicked", async () => {
    const until = new Date(Date.now() + 3_600_000).toISOString()
    const wrapper = mountList([
      triggerView({ id: 'door', name: 'Door', noise: { quietHours: [], snoozeUntil: until } }),
    ])
    const chip = wrapper.get('button.chip-button')
    expect(chip.text()).toMatch(/^snoozed until .+ ✕$/)
    expect(chip.attributes('aria-label')).toMatch(/^Snoozed until .+: end the snooze of Door$/)
    await chip.trigger('click')
    expect(wrapper.emitted('unsnooze')).toEqual([['door']])
  })

  it('says when an absence trigger alerts and by when a single shot must happen', () => {
    const wrapper = mountList([
      triggerView({ id: 'beat', name: 'Beat', mode: 'absence', absence: { seconds: 600 } }),
      triggerView({
        id: 'br',
        name: 'BR',
        mode: 'single-shot',
        expiry: { deadline: Date.now() + 60_000, expiredAt: null },
      }),
    ])
    expect(wrapper.get('[data-trigger-id="beat"]').text()).toContain(
      'alerts after 10 minutes of silence',
    )
    expect(wrapper.get('[data-trigger-id="br"]').text()).toContain('must happen by')
  })
})
