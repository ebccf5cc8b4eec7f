import { describe, expect, it } from 'vitest'
import type { Condition, ConditionLeaf } from '../../../shared/conditions/schema'
import type { VigilEvent } from '../../../shared/domain'
import { suggestFields } from '../../lib/field-suggestions'
import { newDraft, type Draft } from '../../lib/trigger-draft'
import { vigilEvent } from '../../test/fixtures'
import { mountBuilder as mountTriggerBuilder } from '../../test/trigger-builder'

const EVENTS: VigilEvent[] = [
  vigilEvent(1, { type: 'door', payload: { state: 'open', battery: 69, locked: false } }),
  vigilEvent(2, { type: 'door', payload: { state: 'open', battery: 18, locked: true } }),
  vigilEvent(3, { type: 'door', payload: { state: 'closed', battery: 17, locked: false } }),
]

/** The builder on a door trigger with this condition, its fields and samples from EVENTS. */
function mountBuilder(condition: Condition) {
  const draft: Draft = { ...newDraft({ type: 'door' }), id: 'test', condition }
  const { wrapper, current } = mountTriggerBuilder(draft, {
    fields: suggestFields(EVENTS),
    knownTypes: ['door'],
    sources: [{ id: 'demo', name: 'Demo' }],
    sampleEvent: EVENTS[0]!,
    sampleEvents: EVENTS,
  })
  const leaves = () => current().condition as { all: ConditionLeaf[] }
  return { wrapper, leafAt: (index = 0) => leaves().all[index]! }
}

const head = (wrapper: ReturnType<typeof mountBuilder>['wrapper'], path = 'all.0') =>
  wrapper.get(`[data-node-path="${path}"] > .node-head`)

describe('TriggerBuilder: a leaf starts with the operator its field fits', () => {
  it('a new condition is "equals"; a number field makes it "is at least" with no value', async () => {
    const { wrapper, leafAt } = mountBuilder({ all: [] })
    await wrapper
      .findAll('button')
      .find((b) => b.text() === '+ Condition')!
      .trigger('click')
    expect(leafAt()).toEqual({ field: 'payload.', op: 'eq', value: '' })

    await head(wrapper).get('input[role="combobox"]').setValue('payload.battery')
    expect(leafAt()).toEqual({ field: 'payload.battery', op: 'gte' })
    const number = head(wrapper).get('input[type="number"]').element as HTMLInputElement
    expect(number.value).toBe('')

    // Still untouched: another kind of field takes that kind's start.
    await head(wrapper).get('input[role="combobox"]').setValue('payload.locked')
    expect(leafAt()).toEqual({ field: 'payload.locked', op: 'eq', value: true })
    await head(wrapper).get('input[role="combobox"]').setValue('payload.state')
    expect(leafAt()).toEqual({ field: 'payload.state', op: 'eq', value: '' })
    wrapper.unmount()
  })

  it('keeps an operator and value the user chose when the field changes', async () => {
    const { wrapper, leafAt } = mountBuilder({
      all: [{ field: 'payload.state', op: 'neq', value: 'open' }],
    })
    await head(wrapper).get('input[role="combobox"]').setValue('payload.battery')
    expect(leafAt()).toEqual({ field: 'payload.battery', op: 'neq', value: 'open' })
    wrapper.unmount()
  })

  it('a range starts empty and takes a value once both ends are written (B7)', async () => {
    const { wrapper, leafAt } = mountBuilder({ all: [{ field: 'payload.battery', op: 'gte' }] })
    await head(wrapper).get('select.operator-select').setValue('between')
    const [low, high] = head(wrapper).findAll('input[type="number"]')
    expect((low!.element as HTMLInputElement).value).toBe('')
    await low!.setValue('10')
    expect(leafAt().value).toBeUndefined()
    expect((low!.element as HTMLInputElement).value).toBe('10')
    await high!.setValue('20')
    expect(leafAt().value).toEqual([10, 20])
    wrapper.unmount()
  })
})

describe('TriggerBuilder: values seen, picked without typing', () => {
  it('offers the values seen for "equals", most frequent first, and sets one on click', async () => {
    const { wrapper, leafAt } = mountBuilder({
      all: [{ field: 'payload.state', op: 'eq', value: '' }],
    })
    const group = head(wrapper).element.parentElement!.querySelector(
      '[aria-label="Condition 1: values seen"]',
    )!
    const buttons = [...group.querySelectorAll('button')]
    expect(buttons.map((b) => b.textContent!.replace(/\s+/g, ' ').trim())).toEqual([
      'open 2',
      'closed 1',
    ])
    buttons[1]!.click()
    await wrapper.vm.$nextTick()
    expect(leafAt().value).toBe('closed')
    expect(group.querySelector('[aria-pressed="true"]')!.textContent).toContain('closed')
    wrapper.unmount()
  })

  it('adds and takes out values of "is one of" by clicking, replacing the blank start', async () => {
    const { wrapper, leafAt } = mountBuilder({
      all: [{ field: 'payload.state', op: 'in', value: [''] }],
    })
    const group = () => wrapper.get('[aria-label="Condition 1: values seen"]').findAll('button')
    await group()[0]!.trigger('click')
    expect(leafAt().value).toEqual(['open'])
    await group()[1]!.trigger('click')
    expect(leafAt().value).toEqual(['open', 'closed'])
    await group()[0]!.trigger('click')
    expect(leafAt().value).toEqual(['closed'])
    wrapper.unmount()
  })

  it('offers no values where the operator takes none or a number', () => {
    const { wrapper } = mountBuilder({
      all: [
        { field: 'payload.state', op: 'exists' },
        { field: 'payload.battery', op: 'lt', value: 20 },
      ],
    })
    expect(wrapper.find('.seen-values').exists()).toBe(false)
    wrapper.unmount()
  })
})
