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
})
