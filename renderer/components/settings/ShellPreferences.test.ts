import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api-error'
import { useSettingsStore } from '../../stores/settings'
import { fake } from '../../test/fake-api'
import ShellPreferences from './ShellPreferences.vue'

vi.mock('../../api', async () => (await import('../../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

describe('ShellPreferences', () => {
  it('is read-only with the reason under the headless host', () => {
    const wrapper = mount(ShellPreferences, { props: { desktop: false } })
    expect(wrapper.text()).toContain('This is the headless host, which ignores them')
    const boxes = wrapper.findAll('input[type="checkbox"]')
    expect(boxes).toHaveLength(6)
    expect(boxes.every((box) => box.attributes('disabled') !== undefined)).toBe(true)
  })

  it('saves a switch at once under Electron', async () => {
    const wrapper = mount(ShellPreferences, { props: { desktop: true } })
    const box = wrapper.get('#shell-startAtLogin')
    expect(box.attributes('disabled')).toBeUndefined()
    await box.setValue(true)
    await vi.waitFor(() => expect(useSettingsStore().preferences.shell.startAtLogin).toBe(true))
    expect(wrapper.get('[role="status"]').text()).toBe('Saved; applies at once.')
  })

  it('shows a refusal under the switch and puts the switch back', async () => {
    fake.api.replaceConfig.mockRejectedValueOnce(
      new ApiError('invalid-argument', 'no', [
        { path: 'preferences.shell.closeToTray', message: 'not allowed here' },
      ]),
    )
    const wrapper = mount(ShellPreferences, { props: { desktop: true } })
    const box = wrapper.get('#shell-closeToTray')
    await box.setValue(false)
    await vi.waitFor(() => expect(wrapper.find('[role="alert"]').exists()).toBe(true))
    // The box goes back once the toggle has its answer, which may come a few microtasks later.
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('not allowed here')
    expect(box.attributes('aria-invalid')).toBe('true')
    expect((box.element as HTMLInputElement).checked).toBe(true)
  })
})
