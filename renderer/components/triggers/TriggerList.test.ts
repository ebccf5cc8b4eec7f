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
})
