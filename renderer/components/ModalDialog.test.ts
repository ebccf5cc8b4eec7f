import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import ConfirmDialog from './triggers/ConfirmDialog.vue'

// An owner as the app's are: a button opens the dialog, and closing removes it with v-if.
// Confirming deletes the row, opener and all.
const Owner = defineComponent({
  setup() {
    const open = ref(false)
    const deleted = ref(false)
    return () => [
      deleted.value
        ? null
        : h(
            'button',
            { id: 'opener', type: 'button', onClick: () => (open.value = true) },
            'Delete…',
          ),
      h(ConfirmDialog, {
        open: open.value,
        title: 'Delete it?',
        confirmLabel: 'Delete',
        onCancel: () => (open.value = false),
        onConfirm: () => {
          open.value = false
          deleted.value = true
        },
      }),
    ]
  },
})

const buttonNamed = (wrapper: ReturnType<typeof mount>, text: string) =>
  wrapper.findAll('button').find((b) => b.text() === text)!

describe('ModalDialog', () => {
  it('gives focus back to what opened it when its owner removes it', async () => {
    const wrapper = mount(Owner, { attachTo: document.body })
    const opener = wrapper.get('#opener')
    ;(opener.element as HTMLButtonElement).focus()
    await opener.trigger('click')
    expect(wrapper.find('dialog').attributes('open')).toBeDefined()
    // The browser moves focus into a modal dialog; the test DOM does not.
    const cancel = buttonNamed(wrapper, 'Cancel')
    ;(cancel.element as HTMLButtonElement).focus()
    expect(document.activeElement).toBe(cancel.element)

    await cancel.trigger('click')
    await nextTick()
    expect(wrapper.find('dialog').exists()).toBe(false)
    expect(document.activeElement).toBe(opener.element)
    wrapper.unmount()
  })

  it('leaves focus alone when what opened it is gone', async () => {
    const wrapper = mount(Owner, { attachTo: document.body })
    const opener = wrapper.get('#opener')
    ;(opener.element as HTMLButtonElement).focus()
    await opener.trigger('click')
    const confirm = buttonNamed(wrapper, 'Delete')
    ;(confirm.element as HTMLButtonElement).focus()
    await confirm.trigger('click')
    await nextTick()
    expect(wrapper.find('dialog').exists()).toBe(false)
    expect(document.activeElement).toBe(document.body)
    wrapper.unmount()
  })
})
