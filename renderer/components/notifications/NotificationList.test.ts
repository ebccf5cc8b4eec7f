import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { notificationView } from '../../test/trigger-fixtures'
import NotificationList from './NotificationList.vue'

function mountList(hasMore = false, attachTo?: HTMLElement) {
  return mount(NotificationList, {
    props: {
      notifications: [
        notificationView(2, { title: 'Second', urgency: 'critical' }),
        notificationView(1, { title: 'First', read: true }),
      ],
      triggerNames: new Map([['headshots', 'Headshots']]),
      sourceNames: new Map([['demo', 'Demo source']]),
      hasMore,
    },
    attachTo,
  })
}

describe('NotificationList', () => {
  it('marks unread notifications in words as well as with a dot and weight', () => {
    const wrapper = mountList()
    const unread = wrapper.get('[data-notification-id="2"]')
    const read = wrapper.get('[data-notification-id="1"]')
    expect(unread.classes()).toContain('unread')
    expect(unread.text()).toContain('Unread: Second')
    expect(unread.text()).toContain('critical')
    expect(unread.text()).toContain('Headshots')
    expect(unread.text()).toContain('Demo source')
    expect(read.classes()).not.toContain('unread')
    expect(read.find('button[aria-label^="Mark"]').exists()).toBe(false)
  })

  it('emits mark read, open event and snooze with the notification', async () => {
    const wrapper = mountList()
    const row = wrapper.get('[data-notification-id="2"]')
    await row.get('button[aria-label="Mark read: Second"]').trigger('click')
    await row.get('button[aria-label="Open event: Second"]').trigger('click')
    await row.get('button[aria-label="Snooze…: Headshots"]').trigger('click')
    expect(wrapper.emitted('markRead')).toEqual([[2]])
    expect(wrapper.emitted('open')![0]![0]).toMatchObject({ id: 2, eventId: 1_002 })
    expect(wrapper.emitted('snooze')![0]![0]).toMatchObject({ triggerId: 'headshots' })
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
    // On the page the list measures its scroller: give it a screenful.
    const height = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(800)
    const wrapper = mountList(false, document.body)
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
    expect(after.find('button[aria-label^="Mark"]').exists()).toBe(false)
    expect(document.activeElement).toBe(
      after.get('button[aria-label="Open event: Second"]').element,
    )
    wrapper.unmount()
    height.mockRestore()
  })
})
