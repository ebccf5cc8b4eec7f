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

    // Nothing selected yet: the first arrow goes to the newest event, far above the focused row.
    await wrapper.get('.scroller').trigger('keydown', { key: 'ArrowUp' })
    await nextTick()
    expect(wrapper.emitted('select')![0]![0]).toMatchObject({ id: 130 })
    expect(document.activeElement).toBe(rowOf(wrapper, 130).element)
    wrapper.unmount()
  })
})
