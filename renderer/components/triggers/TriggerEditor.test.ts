import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api'
import { newDraft } from '../../lib/trigger-draft'
import { triggerFake } from '../../test/fake-trigger-api'
import { mountEditor } from '../../test/trigger-editor'
import { triggerView } from '../../test/trigger-fixtures'

vi.mock('../../api', async () => (await import('../../test/fake-trigger-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  triggerFake.reset()
})

const nameInput = (wrapper: Awaited<ReturnType<typeof mountEditor>>['wrapper']) =>
  wrapper.get('.basics input[type="text"]')

describe('TriggerEditor', () => {
  it('undoes and redoes edits, and the id follows the name of a new trigger', async () => {
    const initial = { ...newDraft({ source: 'demo', type: 'Death' }), id: 'death' }
    const { wrapper } = await mountEditor(initial)
    const undo = () => wrapper.get('button[aria-keyshortcuts="Control+Z"]')
    const redo = () => wrapper.get('button[aria-keyshortcuts="Control+Shift+Z"]')
    expect(undo().attributes('disabled')).toBeDefined()

    await nameInput(wrapper).setValue('Big kills')
    expect((wrapper.findAll('.basics input')[1]!.element as HTMLInputElement).value).toBe(
      'big-kills',
    )
    await wrapper.get('[data-control="add-leaf"]').trigger('click')
    expect(wrapper.findAll('.leaf-row')).toHaveLength(1)

    await undo().trigger('click')
    expect(wrapper.findAll('.leaf-row')).toHaveLength(0)
    await undo().trigger('click')
    expect((nameInput(wrapper).element as HTMLInputElement).value).toBe('Death')
    expect(undo().attributes('disabled')).toBeDefined()

    await redo().trigger('click')
    expect((nameInput(wrapper).element as HTMLInputElement).value).toBe('Big kills')
    // Ctrl+Z outside a text field undoes too.
    await wrapper.get('[data-control="add-leaf"]').trigger('keydown', { key: 'z', ctrlKey: true })
    expect((nameInput(wrapper).element as HTMLInputElement).value).toBe('Death')
    wrapper.unmount()
  })

  it('shows problems found before saving beside their inputs, and does not call the engine', async () => {
    const { wrapper } = await mountEditor({ ...newDraft({ source: 'demo' }), id: 'taken' })
    await nameInput(wrapper).setValue('')
    await wrapper.get('button.primary').trigger('click')
    expect(triggerFake.api.saveTrigger).not.toHaveBeenCalled()
    expect(wrapper.get('.basics').text()).toContain('a name is required')
    expect(wrapper.get('.issue-summary').text()).toContain('name')
    wrapper.unmount()
  })

  it('does not save an "in" condition with an empty value, and says why', async () => {
    const { wrapper } = await mountEditor({
      ...newDraft({ source: 'demo' }),
      name: 'Empty in',
      id: 'empty-in',
      condition: { all: [{ field: 'payload.x', op: 'in', value: ['a', ''] }] },
    })
    await wrapper.get('button.primary').trigger('click')
    await flushPromises()
    expect(triggerFake.api.saveTrigger).not.toHaveBeenCalled()
    expect(wrapper.get('.issue-summary').text()).toMatch(/a value is empty/)
    wrapper.unmount()
  })

  it('shows the engine’s refusal next to the field its path names', async () => {
    const { wrapper } = await mountEditor({
      ...newDraft({ source: 'demo', field: 'payload.x', op: 'gt', value: 3 }),
      id: 'fresh',
    })
    triggerFake.api.saveTrigger.mockRejectedValueOnce(
      new ApiError('invalid-argument', 'refused', [
        { path: 'condition.all.0.value', message: 'too big for this source' },
      ]),
    )
    await wrapper.get('button.primary').trigger('click')
    await flushPromises()
    const leaf = wrapper.get('[data-node-path="all.0"]')
    expect(leaf.text()).toContain('too big for this source')
    expect(wrapper.get('.issue-summary').text()).toContain('condition.all.0.value')
    wrapper.unmount()
  })

  it('saves and goes to the saved trigger', async () => {
    const initial = { ...newDraft({ source: 'demo', type: 'Death' }), id: 'fresh' }
    const { wrapper, router } = await mountEditor(initial)
    triggerFake.api.saveTrigger.mockImplementationOnce(async (trigger: unknown) =>
      triggerView(trigger as Partial<ReturnType<typeof triggerView>>),
    )
    await wrapper.get('button.primary').trigger('click')
    await flushPromises()
    expect(triggerFake.api.saveTrigger).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'fresh' }),
    )
    expect(router.currentRoute.value.fullPath).toBe('/triggers/fresh?saved=1')
    // Not on <body>: on the page's heading, next to the saved status.
    expect(document.activeElement?.id).toBe('trigger-edit-title')
    wrapper.unmount()
  })

  it('saves with Ctrl+S and Ctrl+Enter from anywhere, a text field too', async () => {
    const initial = { ...newDraft({ source: 'demo', type: 'Death' }), id: 'fresh', name: 'Fresh' }
    const { wrapper } = await mountEditor(initial, { isNew: false })
    triggerFake.api.saveTrigger.mockImplementation(async (trigger: unknown) =>
      triggerView(trigger as Partial<ReturnType<typeof triggerView>>),
    )
    const keyS = new KeyboardEvent('keydown', {
      key: 's',
      ctrlKey: true,
      bubbles: true,
      cancelable: true,
    })
    nameInput(wrapper).element.dispatchEvent(keyS)
    await flushPromises()
    expect(triggerFake.api.saveTrigger).toHaveBeenCalledTimes(1)
    // Not the browser's "save page" dialog.
    expect(keyS.defaultPrevented).toBe(true)
    await wrapper.get('.actions textarea').trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    expect(triggerFake.api.saveTrigger).toHaveBeenCalledTimes(2)
    expect(wrapper.get('button.primary').attributes('aria-keyshortcuts')).toContain('Control+S')
    wrapper.unmount()
  })

  it("keeps a new trigger's default notification text in step with its condition", async () => {
    const sources = [{ id: 'demo', name: 'Demo' }]
    const initial = { ...newDraft({ source: 'demo', type: 'door' }, undefined, sources), id: 'd' }
    const { wrapper } = await mountEditor(initial)
    const body = () => (wrapper.get('.actions textarea').element as HTMLTextAreaElement).value
    expect(body()).toBe('door from Demo')
    await wrapper.get('[data-control="add-leaf"]').trigger('click')
    await wrapper.get('.leaf-row input[role="combobox"]').setValue('payload.state')
    expect(body()).toBe('Demo: state {{payload.state}}')
    // Once the user writes their own, it stays.
    await wrapper.get('.actions textarea').setValue('Door {{payload.state}}')
    await wrapper.get('.leaf-row input[role="combobox"]').setValue('payload.door')
    expect(body()).toBe('Door {{payload.state}}')
    wrapper.unmount()
  })

  it('offers "Why?" for a saved trigger that never fired, opening the answer beside it', async () => {
    const initial = { ...newDraft({ source: 'demo', type: 'Death' }), id: 'taken', name: 'T' }
    const { wrapper } = await mountEditor(initial, { isNew: false })
    const why = wrapper.findAll('.toolbar button').find((b) => b.text() === 'Why?')!
    await why.trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="tab"][aria-selected="true"]').text()).toBe('Why?')
    expect(triggerFake.api.triggerNearMissReport).toHaveBeenCalledWith('taken')
    expect(wrapper.findAll('.toolbar button').some((b) => b.text() === 'Why?')).toBe(false)
    wrapper.unmount()
  })
})
