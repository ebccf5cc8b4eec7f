import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { NotificationView } from '../../../shared/domain'
import { testRouter } from '../../test/router'
import { notificationView } from '../../test/trigger-fixtures'
import NotificationList from './NotificationList.vue'

const TWO = [
  notificationView(2, { title: 'Second', urgency: 'critical' }),
  notificationView(1, { title: 'First', read: true }),
]

function mountList(
  notifications: NotificationView[] = TWO,
  hasMore = false,
  attachTo?: HTMLElement,
) {
  return mount(NotificationList, {
    props: {
      notifications,
      triggerNames: new Map([['headshots', 'Headshots']]),
      sourceNames: new Map([['demo', 'Demo source']]),
      hasMore,
    },
    attachTo,
    global: { plugins: [testRouter()] },
  })
}

// On the page the list measures its scroller: give it a screenful, or the virtualiser, once it
// measures, shows nothing.
let height: ReturnType<typeof vi.spyOn>
beforeEach(() => {
  height = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(800)
})
afterEach(() => height.mockRestore())

describe('NotificationList', () => {
  it('marks unread notifications in words as well as with a dot and weight', () => {
    const wrapper = mountList()
    const unread = wrapper.get('[data-notification-id="2"] .row')
    const read = wrapper.get('[data-notification-id="1"] .row')
    expect(unread.classes()).toContain('unread')
    expect(unread.text()).toContain('Unread: Second')
    expect(unread.text()).toContain('critical')
    expect(unread.text()).toContain('Demo source')
    expect(read.classes()).not.toContain('unread')
    expect(read.find('button[aria-label^="Mark read"]').exists()).toBe(false)
  })

  it('links the trigger name to the trigger', () => {
    const wrapper = mountList()
    const link = wrapper.get('[data-notification-id="2"] a.trigger')
    expect(link.text()).toBe('Headshots')
    expect(link.attributes('href')).toContain('/triggers/headshots')
  })

  it('emits mark read, mark unread, open event and snooze with the notification', async () => {
    const wrapper = mountList()
    const row = wrapper.get('[data-notification-id="2"]')
    await row.get('button[aria-label="Mark read: Second"]').trigger('click')
    await row.get('button[aria-label="Open event: Second"]').trigger('click')
    await row.get('button[aria-label="Snooze…: Headshots"]').trigger('click')
    await wrapper
      .get('[data-notification-id="1"] button[aria-label="Mark unread: First"]')
      .trigger('click')
    expect(wrapper.emitted('markRead')).toEqual([[[2]]])
    expect(wrapper.emitted('markUnread')).toEqual([[[1]]])
    expect(wrapper.emitted('open')![0]![0]).toMatchObject({ id: 2, eventId: 1_002 })
    expect(wrapper.emitted('snooze')![0]![0]).toMatchObject({ triggerId: 'headshots' })
  })

  it('folds repeats into one row with a count, opened on request, marked read together', async () => {
    const repeats = [
      notificationView(5, { title: 'Door open' }),
      notificationView(4, { title: 'Door open', read: true }),
      notificationView(3, { title: 'Door open' }),
      notificationView(2, { title: 'Door closed' }),
    ]
    const wrapper = mountList(repeats)
    expect(wrapper.findAll('li[data-row="head"]')).toHaveLength(2)
    const head = wrapper.get('[data-notification-id="5"]')
    expect(head.text()).toContain('×3')
    const toggle = head.get('button[aria-expanded]')
    expect(toggle.attributes('aria-expanded')).toBe('false')
    await toggle.trigger('click')
    expect(toggle.attributes('aria-expanded')).toBe('true')
    expect(
      wrapper.findAll('li[data-row="member"]').map((li) => li.attributes('data-notification-id')),
    ).toEqual(['5', '4', '3'])
    await head.get('button[aria-label="Mark read: Door open"]').trigger('click')
    expect(wrapper.emitted('markRead')).toEqual([[[5, 3]]])
  })

  it("offers a digest's held-back matches instead of one event, and no event where there is none", async () => {
    const wrapper = mountList([
      notificationView(3, {
        title: 'Doors: 40 more',
        kind: 'digest',
        heldBack: { eventIds: [7, 8], count: 40 },
      }),
      notificationView(2, { title: 'BR 100 missed', kind: 'expired', eventId: 0 }),
    ])
    const digest = wrapper.get('[data-notification-id="3"]')
    expect(digest.find('button.open-event').exists()).toBe(false)
    await digest.get('button[aria-label^="Held back (40)"]').trigger('click')
    expect(wrapper.emitted('heldBack')![0]![0]).toMatchObject({ id: 3 })
    expect(wrapper.get('[data-notification-id="2"]').find('button.open-event').exists()).toBe(false)
  })

  it('names each button starting with its visible text', () => {
    const wrapper = mountList()
    const labelled = wrapper.findAll('button[aria-label]')
    expect(labelled.length).toBeGreaterThanOrEqual(3)
    for (const button of labelled)
      expect(button.attributes('aria-label')!.startsWith(button.text())).toBe(true)
    wrapper.unmount()
  })

  it('moves the focus to Open event in the same row when Mark read goes away', async () => {
    const wrapper = mountList(TWO, false, document.body)
    const row = wrapper.get('[data-notification-id="2"]')
    const mark = row.get('button[aria-label="Mark read: Second"]')
    ;(mark.element as HTMLButtonElement).focus()
    await mark.trigger('click')
    await wrapper.setProps({
      notifications: [
        notificationView(2, { title: 'Second', urgency: 'critical', read: true }),
        notificationView(1, { title: 'First', read: true }),
      ],
    })
    const after = wrapper.get('[data-notification-id="2"]')
    expect(after.element).toBe(row.element)
    expect(after.find('button[aria-label^="Mark read"]').exists()).toBe(false)
    expect(document.activeElement).toBe(
      after.get('button[aria-label="Open event: Second"]').element,
    )
    wrapper.unmount()
  })
})
