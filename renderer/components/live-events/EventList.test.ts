import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { nextTick } from 'vue'
import type { VigilEvent } from '../../../shared/domain'
import { vigilEvent } from '../../test/fixtures'
import EventList from './EventList.vue'

// The same event objects from one update to the next, as the store hands them over.
const all = Array.from({ length: 200 }, (_, i) => vigilEvent(i + 1))
/** Events `to` down to `from`, newest first as the list shows them. */
const newestFirst = (from: number, to: number): VigilEvent[] => all.slice(from - 1, to).reverse()

// The list measures its scroller: ten rows of 32px show at a time.
let height: MockInstance
beforeEach(() => {
  height = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(320)
})
afterEach(() => height.mockRestore())

async function mountList(events: VigilEvent[]) {
  const wrapper = mount(EventList, {
    props: { events, selectedId: null, sourceNames: new Map() },
    attachTo: document.body,
  })
  await nextTick()
  return wrapper
}

const rowOf = (wrapper: Awaited<ReturnType<typeof mountList>>, id: number) =>
  wrapper.find(`[data-event-id="${id}"]`)

describe('EventList', () => {
  it('follows new events at the top while nothing in it has the focus', async () => {
    const wrapper = await mountList(newestFirst(1, 100))
    const scroller = wrapper.get('.scroller').element as HTMLElement
    await wrapper.setProps({ events: newestFirst(1, 130) })
    expect(scroller.scrollTop).toBe(0)
    expect(rowOf(wrapper, 130).exists()).toBe(true)
    wrapper.unmount()
  })

  it('holds a focused row in place at the top, so the focus stays on it', async () => {
    const wrapper = await mountList(newestFirst(1, 100))
    const scroller = wrapper.get('.scroller').element as HTMLElement
    const row = rowOf(wrapper, 95)
    ;(row.element as HTMLButtonElement).focus()
    expect(scroller.scrollTop).toBe(0)

    await wrapper.setProps({ events: newestFirst(1, 130) })
    expect(scroller.scrollTop).toBe(30 * 32)
    // The very row, never taken out of the page (which would drop the focus to <body>).
    expect(row.element.isConnected).toBe(true)
    expect(rowOf(wrapper, 95).element).toBe(row.element)
    expect(document.activeElement).toBe(row.element)
    wrapper.unmount()
  })

  it('moves the focus with the arrow keys even to a row far from the one focused', async () => {
    const wrapper = await mountList(newestFirst(1, 100))
    ;(rowOf(wrapper, 95).element as HTMLButtonElement).focus()
    await wrapper.setProps({ events: newestFirst(1, 130) })
    expect(wrapper.get('.scroller').element.scrollTop).toBe(30 * 32)

    // The arrow moves from the focused row, not from the selection (none yet).
    await wrapper.get('.scroller').trigger('keydown', { key: 'ArrowUp' })
    await nextTick()
    expect(wrapper.emitted('select')![0]![0]).toMatchObject({ id: 96 })
    expect(document.activeElement).toBe(rowOf(wrapper, 96).element)
    wrapper.unmount()
  })

  it('moves from the focused row even when another row is selected', async () => {
    const wrapper = await mountList(newestFirst(1, 100))
    await wrapper.setProps({ selectedId: 100 })
    ;(rowOf(wrapper, 97).element as HTMLButtonElement).focus()
    await wrapper.get('.scroller').trigger('keydown', { key: 'ArrowDown' })
    await nextTick()
    expect(wrapper.emitted('select')![0]![0]).toMatchObject({ id: 96 })
    expect(document.activeElement).toBe(rowOf(wrapper, 96).element)
    wrapper.unmount()
  })

  it('scrolls to an event selected before the list mounts', async () => {
    // happy-dom lays nothing out: the scroller's content is as tall as its 100 rows.
    const scrollHeight = vi
      .spyOn(HTMLElement.prototype, 'scrollHeight', 'get')
      .mockReturnValue(3200)
    const scrollTo = vi.spyOn(HTMLElement.prototype, 'scrollTo').mockImplementation(() => {})
    const wrapper = mount(EventList, {
      props: { events: newestFirst(1, 100), selectedId: 20, sourceNames: new Map() },
      attachTo: document.body,
    })
    await vi.waitFor(() =>
      expect(scrollTo).toHaveBeenCalledWith(expect.objectContaining({ top: 81 * 32 - 320 })),
    )
    scrollHeight.mockRestore()
    scrollTo.mockRestore()
    wrapper.unmount()
  })

  it('is a single tab stop that follows the selection and the focus', async () => {
    const wrapper = await mountList(newestFirst(1, 100))
    const stops = () =>
      wrapper.findAll('[data-event-id]').filter((row) => row.attributes('tabindex') === '0')
    expect(stops().map((row) => row.attributes('data-event-id'))).toEqual(['100'])
    expect(
      wrapper.findAll('[data-event-id]').every((row) => row.attributes('tabindex') !== undefined),
    ).toBe(true)

    await wrapper.setProps({ selectedId: 98 })
    expect(stops().map((row) => row.attributes('data-event-id'))).toEqual(['98'])

    ;(rowOf(wrapper, 98).element as HTMLButtonElement).focus()
    await wrapper.get('.scroller').trigger('keydown', { key: 'ArrowDown' })
    await nextTick()
    expect(stops().map((row) => row.attributes('data-event-id'))).toEqual(['97'])
    expect(document.activeElement).toBe(rowOf(wrapper, 97).element)
    wrapper.unmount()
  })

  it('tells its owner when the reader looks into it: scrolled down or focused (B5)', async () => {
    const wrapper = await mountList(newestFirst(1, 100))
    const scroller = wrapper.get('.scroller')
    ;(scroller.element as HTMLElement).scrollTop = 64
    await scroller.trigger('scroll')
    expect(wrapper.emitted('hold')).toEqual([[true]])

    // Focus in the list keeps it held after scrolling back to the top.
    ;(rowOf(wrapper, 99).element as HTMLButtonElement).focus()
    ;(scroller.element as HTMLElement).scrollTop = 0
    await scroller.trigger('scroll')
    expect(wrapper.emitted('hold')).toEqual([[true]])

    ;(rowOf(wrapper, 99).element as HTMLButtonElement).blur()
    expect(wrapper.emitted('hold')).toEqual([[true], [false]])
    wrapper.unmount()
  })
})
