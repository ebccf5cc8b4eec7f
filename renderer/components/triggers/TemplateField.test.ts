import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { suggestFields } from '../../lib/field-suggestions'
import { vigilEvent } from '../../test/fixtures'
import { provideBuilder } from './builder-context'
import TemplateField from './TemplateField.vue'

const sample = vigilEvent(7, { type: 'door', payload: { state: 'open', door_id: 'front' } })

/** A TemplateField inside a builder context, its value held like a parent holds it. */
function mountField(initial = '', multiline = false) {
  const value = ref(initial)
  const Host = defineComponent({
    setup() {
      provideBuilder({
        issues: ref([]),
        fields: ref(suggestFields([sample])),
        sources: ref([]),
        sampleEvent: ref(sample),
        sampleEvents: ref([sample]),
        trigger: ref({ id: 'doors', name: 'Doors' }),
      })
      return () =>
        h(TemplateField, {
          modelValue: value.value,
          label: 'Title',
          multiline,
          'onUpdate:modelValue': (next: string) => (value.value = next),
        })
    },
  })
  const wrapper = mount(Host, { attachTo: document.body })
  const field = wrapper.get(multiline ? 'textarea' : 'input')
  const element = field.element as HTMLInputElement
  /** Types `text` at the end, as a user would (the caret after it). */
  async function type(text: string): Promise<void> {
    element.value += text
    element.setSelectionRange(element.value.length, element.value.length)
    await field.trigger('input')
  }
  return { wrapper, field, element, value, type }
}

const options = (wrapper: ReturnType<typeof mountField>['wrapper']) =>
  wrapper.findAll('[role="option"] .value').map((option) => option.text())

describe('TemplateField', () => {
  it('offers the fields of the draft types after {{, and finishes the placeholder', async () => {
    const { wrapper, field, element, value, type } = mountField('Door ')
    await field.trigger('focus')
    await type('{{')
    expect(field.attributes('aria-expanded')).toBe('true')
    expect(options(wrapper)).toEqual(
      expect.arrayContaining(['payload.state', 'payload.door_id', 'trigger.name']),
    )
    await type('payload.st')
    expect(options(wrapper)).toEqual(['payload.state'])
    expect(field.attributes('aria-activedescendant')).toBe(
      wrapper.get('[role="option"]').attributes('id'),
    )
    await field.trigger('keydown', { key: 'Enter' })
    expect(value.value).toBe('Door {{payload.state}}')
    expect(element.selectionStart).toBe('Door {{payload.state}}'.length)
    expect(field.attributes('aria-expanded')).toBe('false')
    expect(wrapper.text()).toMatch(/Preview:\s*Door open/)
    wrapper.unmount()
  })

  it('inserts a field clicked in the list, in a multi-line body too', async () => {
    const { wrapper, field, value, type } = mountField('', true)
    await field.trigger('focus')
    await type('At {{trig')
    await wrapper.findAll('[role="option"]')[0]!.trigger('mousedown')
    expect(value.value).toBe('At {{trigger.name}}')
    wrapper.unmount()
  })

  it('says a template is unclosed once the field is left, not while it is typed', async () => {
    const { wrapper, field, type } = mountField('')
    await field.trigger('focus')
    await type('Door {{payload.state')
    expect(wrapper.text()).not.toContain('unclosed')
    expect(field.attributes('aria-invalid')).toBeUndefined()
    await field.trigger('blur')
    expect(wrapper.text()).toContain('invalid template: unclosed {{')
    expect(field.attributes('aria-invalid')).toBe('true')
    // Back in the field the problem stays until the next keystroke.
    await field.trigger('focus')
    expect(wrapper.text()).toContain('unclosed')
    await type('}}')
    expect(wrapper.text()).not.toContain('unclosed')
    wrapper.unmount()
  })
})
