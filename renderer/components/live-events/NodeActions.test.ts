import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { treeRows } from '../../lib/json-tree'
import { vigilEvent } from '../../test/fixtures'
import { testRouter } from '../../test/router'
import NodeActions from './NodeActions.vue'

const event = vigilEvent(42, {
  sourceId: 'demo-census',
  type: 'Death',
  payload: { character_id: '5428', battle_rank: 100, loadout: { slot: 3 } },
})
const rows = treeRows({ ...event }, new Set(['payload']))
const row = (path: string) => rows.find((candidate) => candidate.path === path)!

function mountActions(path: string) {
  const router = testRouter()
  const wrapper = mount(NodeActions, {
    props: { event, row: row(path) },
    global: { plugins: [router] },
    attachTo: document.body,
  })
  return { wrapper, router }
}

function installClipboard(writeText: (text: string) => Promise<void>) {
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
}

afterEach(() => {
  Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true })
})

describe('NodeActions', () => {
  it('copies the field path, rooted at the event, and the bare value', async () => {
    const writeText = vi.fn(async () => {})
    installClipboard(writeText)
    const { wrapper } = mountActions('payload.character_id')
    await wrapper.get('button:nth-of-type(1)').trigger('click')
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith('payload.character_id'))
    await vi.waitFor(() =>
      expect(wrapper.get('[role="status"]').text()).toBe('Copied the path payload.character_id'),
    )
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Copy value')!
      .trigger('click')
    await vi.waitFor(() => expect(writeText).toHaveBeenLastCalledWith('5428'))
    wrapper.unmount()
  })

  it('shows the text selected for copying by hand when the clipboard refuses', async () => {
    installClipboard(async () => {
      throw new Error('denied')
    })
    const { wrapper } = mountActions('payload.loadout')
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Copy value')!
      .trigger('click')
    await vi.waitFor(() => expect(wrapper.find('textarea').exists()).toBe(true))
    expect((wrapper.get('textarea').element as HTMLTextAreaElement).value).toBe('{\n  "slot": 3\n}')
    expect(wrapper.get('[role="status"]').text()).toMatch(/not available.*Ctrl\+C/)
    wrapper.unmount()
  })

  it('offers a new trigger where the field equals the value, and hands it to the builder', async () => {
    const { wrapper, router } = mountActions('payload.battle_rank')
    const offer = wrapper.get('.new-trigger')
    expect(offer.text()).toBe('New trigger where payload.battle_rank equals 100')
    await wrapper.get('select').setValue('gt')
    expect(offer.text()).toBe('New trigger where payload.battle_rank is greater than 100')
    await offer.trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/triggers/new'))
    expect(router.currentRoute.value.query).toEqual({
      source: 'demo-census',
      type: 'Death',
      field: 'payload.battle_rank',
      op: 'gt',
      value: '100',
      event: '42',
    })
    wrapper.unmount()
  })

  it('offers only "exists" for an object', () => {
    const { wrapper } = mountActions('payload.loadout')
    expect(wrapper.findAll('option').map((o) => o.text())).toEqual(['exists'])
    expect(wrapper.get('.new-trigger').text()).toBe('New trigger where payload.loadout exists')
    wrapper.unmount()
  })
})
