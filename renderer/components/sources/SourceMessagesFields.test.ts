import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { nextTick, reactive } from 'vue'
import { emptySourceForm } from '../../lib/source-form'
import SourceMessagesFields from './SourceMessagesFields.vue'

describe('SourceMessagesFields', () => {
  it('puts the focus in a message just added', async () => {
    const form = reactive(emptySourceForm())
    const wrapper = mount(SourceMessagesFields, {
      attachTo: document.body,
      props: { modelValue: form, issues: [], headerSecrets: {}, storedRefs: new Set<string>() },
    })
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Add a message')!
      .trigger('click')
    await nextTick()
    const boxes = wrapper.findAll('textarea')
    expect(boxes).toHaveLength(form.onOpen.length)
    expect(document.activeElement).toBe(boxes.at(-1)!.element)
    wrapper.unmount()
  })
})
