import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api-error'
import { fake } from '../../test/fake-api'
import DeleteSourceDialog from './DeleteSourceDialog.vue'
import SendMessagePanel from './SendMessagePanel.vue'

vi.mock('../../api', async () => (await import('../../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

describe('DeleteSourceDialog', () => {
  it('asks first, then deletes and says so', async () => {
    const wrapper = mount(DeleteSourceDialog, { props: { source: { id: 'a', name: 'Alpha' } } })
    expect(wrapper.get('h2').text()).toBe('Delete Alpha?')
    expect(fake.api.removeSource).not.toHaveBeenCalled()
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Delete source')!
      .trigger('click')
    await vi.waitFor(() => expect(wrapper.emitted('deleted')).toHaveLength(1))
    expect(fake.api.removeSource).toHaveBeenCalledWith('a')
  })

  it('explains a conflict with the triggers that use the source, and stays open', async () => {
    fake.api.removeSource.mockRejectedValueOnce(
      new ApiError('conflict', 'source "a" is used by trigger br100, headshots'),
    )
    const wrapper = mount(DeleteSourceDialog, { props: { source: { id: 'a', name: 'Alpha' } } })
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Delete source')!
      .trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[role="alert"]').exists()).toBe(true))
    expect(wrapper.get('[role="alert"]').text()).toBe(
      'It cannot be deleted yet: source "a" is used by trigger br100, headshots. Remove the source from those triggers (or delete them) first.',
    )
    expect(wrapper.emitted('deleted')).toBeUndefined()
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Cancel')!
      .trigger('click')
    expect(wrapper.emitted('close')).toHaveLength(1)
  })
})

describe('SendMessagePanel', () => {
  async function send(text: string) {
    const wrapper = mount(SendMessagePanel, { props: { sourceId: 'a', state: 'open' } })
    await wrapper.get('textarea').setValue(text)
    await wrapper.get('form').trigger('submit')
    return wrapper
  }

  it('says sent, or queued while the source logs in', async () => {
    let wrapper = await send('{"action":"PING"}')
    await vi.waitFor(() => expect(wrapper.get('[role="status"]').text()).toMatch(/^Sent at /))
    expect(fake.api.sendToSource).toHaveBeenCalledWith('a', '{"action":"PING"}')

    fake.api.sendToSource.mockResolvedValueOnce({ status: 'queued' })
    wrapper = await send('hello')
    await vi.waitFor(() =>
      expect(wrapper.get('[role="status"]').text()).toBe(
        'Queued: it goes out as soon as the login completes.',
      ),
    )
  })

  it('says when the source is not open', async () => {
    fake.api.sendToSource.mockRejectedValueOnce(new ApiError('not-open', 'source "a" is closed'))
    const wrapper = await send('hello')
    await vi.waitFor(() =>
      expect(wrapper.get('[role="status"]').text()).toBe(
        'Not sent: the source is not open. Connect it, then send again.',
      ),
    )
  })

  it('sends nothing empty', async () => {
    const wrapper = await send('   ')
    expect(wrapper.get('[role="status"]').text()).toBe('Write a message first.')
    expect(fake.api.sendToSource).not.toHaveBeenCalled()
  })

  it("suggests a message in the source's own shape, not another service's (B8)", () => {
    const census = mount(SendMessagePanel, {
      props: { sourceId: 'a', state: 'open', example: '{"service": "event"}' },
    })
    expect(census.get('textarea').attributes('placeholder')).toBe('{"service": "event"}')
    const pi = mount(SendMessagePanel, { props: { sourceId: 'a', state: 'open' } })
    expect(pi.get('textarea').attributes('placeholder')).toBe(
      'Text or JSON (this service expects no messages)',
    )
  })
})
