import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { newDraft, type Draft } from '../../lib/trigger-draft'
import TriggerJson from './TriggerJson.vue'

const draft: Draft = {
  ...newDraft({ type: 'Death', field: 'payload.is_headshot', op: 'is-true' }),
  id: 'headshots',
}

function textOf(wrapper: ReturnType<typeof mount>): string {
  return (wrapper.get('textarea').element as HTMLTextAreaElement).value
}

describe('TriggerJson', () => {
  it('shows the draft as JSON and follows builder edits', async () => {
    const wrapper = mount(TriggerJson, { props: { draft } })
    expect(JSON.parse(textOf(wrapper))).toEqual(draft)
    await wrapper.setProps({ draft: { ...draft, name: 'Renamed' } })
    expect(JSON.parse(textOf(wrapper)).name).toBe('Renamed')
  })

  it('applies valid JSON to the builder, with the schema defaults filled in', async () => {
    const wrapper = mount(TriggerJson, { props: { draft } })
    const edited = { ...draft, name: 'From JSON', mode: undefined }
    await wrapper.get('textarea').setValue(JSON.stringify(edited))
    const [[applied]] = wrapper.emitted('apply') as [[Draft]]
    expect(applied.name).toBe('From JSON')
    expect(applied.mode).toBe('every')
    expect(wrapper.text()).toContain('In sync with the builder.')

    // The builder now shows that draft; the text being typed is left as the user wrote it.
    await wrapper.setProps({ draft: applied })
    expect(textOf(wrapper)).toBe(JSON.stringify(edited))
  })

  it('reports broken JSON and schema problems with paths, and leaves the builder alone', async () => {
    const wrapper = mount(TriggerJson, { props: { draft } })
    await wrapper.get('textarea').setValue('{ "name": ')
    expect(wrapper.text()).toMatch(/Not valid JSON: .+ The builder is unchanged\./)
    expect(wrapper.emitted('apply')).toBeUndefined()

    const bad = {
      ...draft,
      condition: {
        all: [
          { field: 'is_headshot', op: 'is-true' },
          { field: 'payload.x', op: 'bogus' },
        ],
      },
    }
    await wrapper.get('textarea').setValue(JSON.stringify(bad, null, 2))
    const text = wrapper.text()
    expect(text).toContain('2 problems')
    expect(text).toMatch(/condition\.all\.0\.field\s*invalid field: "is_headshot" must start with/)
    expect(text).toMatch(/condition\.all\.1\.op\s*unknown operator/)
    expect(wrapper.emitted('apply')).toBeUndefined()
    expect(wrapper.get('textarea').attributes('aria-invalid')).toBe('true')

    // A builder edit wins: the text is rewritten from the draft and the problems go.
    await wrapper.setProps({ draft: { ...draft, name: 'Builder edit' } })
    expect(JSON.parse(textOf(wrapper)).name).toBe('Builder edit')
    expect(wrapper.text()).toContain('In sync with the builder.')
  })
})
