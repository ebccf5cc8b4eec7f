import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import JsonTree from './JsonTree.vue'

const root = {
  type: 'Death',
  payload: { character_id: '5428', loadout: { slot: 3 }, tags: ['a'] },
}

function mountTree() {
  return mount(JsonTree, { props: { root, label: 'Event fields' }, attachTo: document.body })
}

const items = (wrapper: ReturnType<typeof mountTree>) => wrapper.findAll('[role="treeitem"]')
const item = (wrapper: ReturnType<typeof mountTree>, path: string) =>
  wrapper.get(`[data-path="${path}"]`)
const focusedPath = () => (document.activeElement as HTMLElement | null)?.dataset.path

describe('JsonTree', () => {
  it('is an ARIA tree with levels, positions, expansion state and one tab stop', () => {
    const wrapper = mountTree()
    expect(wrapper.get('[role="tree"]').attributes('aria-label')).toBe('Event fields')
    expect(items(wrapper).map((row) => row.attributes('data-path'))).toEqual([
      'type',
      'payload',
      'payload.character_id',
      'payload.loadout',
      'payload.loadout.slot',
      'payload.tags',
      'payload.tags.0',
    ])
    const payload = item(wrapper, 'payload')
    expect(payload.attributes()).toMatchObject({
      'aria-level': '1',
      'aria-posinset': '2',
      'aria-setsize': '2',
      'aria-expanded': 'true',
      'aria-selected': 'false',
    })
    expect(item(wrapper, 'payload.character_id').attributes('aria-expanded')).toBeUndefined()
    expect(item(wrapper, 'payload.character_id').attributes('aria-level')).toBe('2')
    expect(items(wrapper).filter((row) => row.attributes('tabindex') === '0')).toHaveLength(1)
    expect(items(wrapper)[0]!.attributes('tabindex')).toBe('0')
    wrapper.unmount()
  })

  it('moves with the arrow keys, Home and End, collapses, expands and goes to the parent', async () => {
    const wrapper = mountTree()
    const tree = wrapper.get('[role="tree"]')
    ;(items(wrapper)[0]!.element as HTMLElement).focus()

    await tree.trigger('keydown', { key: 'ArrowDown' })
    expect(focusedPath()).toBe('payload')
    await tree.trigger('keydown', { key: 'ArrowLeft' })
    expect(item(wrapper, 'payload').attributes('aria-expanded')).toBe('false')
    expect(items(wrapper)).toHaveLength(2)
    await tree.trigger('keydown', { key: 'ArrowRight' })
    expect(item(wrapper, 'payload').attributes('aria-expanded')).toBe('true')
    await tree.trigger('keydown', { key: 'ArrowRight' })
    expect(focusedPath()).toBe('payload.character_id')
    await tree.trigger('keydown', { key: 'ArrowLeft' })
    expect(focusedPath()).toBe('payload')
    await tree.trigger('keydown', { key: 'End' })
    expect(focusedPath()).toBe('payload.tags.0')
    await tree.trigger('keydown', { key: 'Home' })
    expect(focusedPath()).toBe('type')
    await tree.trigger('keydown', { key: 'ArrowUp' })
    expect(focusedPath()).toBe('type')
    wrapper.unmount()
  })

  it('selects a row by Enter or click and tells the parent its path and value', async () => {
    const wrapper = mountTree()
    const tree = wrapper.get('[role="tree"]')
    ;(item(wrapper, 'payload.character_id').element as HTMLElement).focus()
    await tree.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('select')?.[0]?.[0]).toMatchObject({
      path: 'payload.character_id',
      value: '5428',
      kind: 'string',
    })
    expect(item(wrapper, 'payload.character_id').attributes('aria-selected')).toBe('true')

    await item(wrapper, 'payload.loadout.slot').trigger('click')
    expect(wrapper.emitted('select')?.[1]?.[0]).toMatchObject({
      path: 'payload.loadout.slot',
      value: 3,
    })
    expect(item(wrapper, 'payload.loadout.slot').attributes('tabindex')).toBe('0')

    await item(wrapper, 'payload.loadout').get('.caret').trigger('click')
    expect(item(wrapper, 'payload.loadout').attributes('aria-expanded')).toBe('false')
    wrapper.unmount()
  })

  it('starts afresh for another event', async () => {
    const wrapper = mountTree()
    await item(wrapper, 'type').trigger('click')
    await wrapper.setProps({ root: { type: 'Login', payload: { who: 'x' } } })
    expect(items(wrapper).map((row) => row.attributes('data-path'))).toEqual([
      'type',
      'payload',
      'payload.who',
    ])
    expect(wrapper.findAll('[aria-selected="true"]')).toHaveLength(0)
    wrapper.unmount()
  })
})
