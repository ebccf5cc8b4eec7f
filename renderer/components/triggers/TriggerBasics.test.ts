import { describe, expect, it } from 'vitest'
import { suggestFields, type FieldSuggestion } from '../../lib/field-suggestions'
import { newDraft, type Draft } from '../../lib/trigger-draft'
import { vigilEvent } from '../../test/fixtures'
import { mountBuilder as mountTriggerBuilder } from '../../test/trigger-builder'

/** The builder on a door trigger, offering the types door and battery and the source Doors. */
function mountBuilder(
  draft: Draft = { ...newDraft({ type: 'door' }), id: 'test' },
  fields: FieldSuggestion[] = [],
) {
  return mountTriggerBuilder(draft, {
    fields,
    knownTypes: ['door', 'battery'],
    sources: [{ id: 'doors', name: 'Doors' }],
  })
}

describe('TriggerBuilder: what a trigger is', () => {
  it('makes the mode radios one group: one name, so one tab stop and arrow keys (B11)', async () => {
    const { wrapper, current } = mountBuilder()
    const radios = wrapper.findAll('fieldset.modes input[type="radio"]')
    expect(radios.length).toBeGreaterThan(1)
    const names = new Set(radios.map((radio) => radio.attributes('name')))
    expect(names.size).toBe(1)
    expect([...names][0]).toBeTruthy()
    await radios[1]!.setValue(true)
    expect(current().mode).toBe('single-shot')
    wrapper.unmount()
  })
  it("takes its examples from the draft's own sources, never Census's (B8)", async () => {
    const fields = suggestFields([
      vigilEvent(1, { type: 'door', payload: { door_id: 'front', state: 'open' } }),
    ])
    const { wrapper } = mountBuilder(undefined, fields)
    expect(wrapper.get('.event-types input').attributes('placeholder')).toBe(
      'Add a type (e.g. battery)',
    )
    const cooldown = wrapper
      .findAll('.noise-editor label.check')
      .find((label) => label.text().startsWith('Cooldown'))!
    await cooldown.get('input').setValue(true)
    const key = wrapper.get('.noise-editor .rule-body input[type="text"]')
    expect(key.attributes('placeholder')).toBe('{{payload.door_id}}')
    expect(wrapper.html()).not.toContain('character_id')
    wrapper.unmount()
  })
  it('offers "alert when this stops happening for 5 minutes", its silence editable', async () => {
    const { wrapper, current } = mountBuilder()
    const absence = wrapper.findAll('fieldset.modes input[type="radio"]')[2]!
    await absence.setValue(true)
    expect(current()).toMatchObject({ mode: 'absence', absence: { seconds: 300 } })
    const body = wrapper.get('.mode-body')
    expect(body.text()).toContain('Alert when no matching event has arrived for')
    expect((body.get('input[type="number"]').element as HTMLInputElement).value).toBe('5')
    expect(body.get('select').element.value).toBe('60')
    await body.get('input[type="number"]').setValue('10')
    expect(current().absence).toEqual({ seconds: 600 })
    // Back to every match: the silence goes with the mode.
    await wrapper.findAll('fieldset.modes input[type="radio"]')[0]!.setValue(true)
    expect(current()).not.toHaveProperty('absence')
    wrapper.unmount()
  })

  it('lets a single shot wait "within" a while or "by" a time, else notify', async () => {
    const { wrapper, current } = mountBuilder()
    await wrapper.findAll('fieldset.modes input[type="radio"]')[1]!.setValue(true)
    const body = () => wrapper.get('.mode-body')
    await body().get('input[type="checkbox"]').setValue(true)
    expect(current()).toMatchObject({ mode: 'single-shot', expireAfterSeconds: 3600 })
    expect(current().onExpire?.title).toContain('not by the deadline')
    // The "did not happen" notification previews with the deadline it would have.
    expect(body().get('.on-expire').text()).toMatch(/Preview:\s*\S+ did not happen by \d{4}-/)

    await body().get('select[aria-label="Deadline kind"]').setValue('by')
    expect(current()).not.toHaveProperty('expireAfterSeconds')
    expect(current().deadline).toMatch(/^\d{4}-\d\d-\d\dT/)
    const time = body().get('input[type="datetime-local"]')
    await time.setValue('2031-05-04T22:00')
    expect(new Date(current().deadline!).getHours()).toBe(22)
    await body().findAll('.on-expire input[type="text"]')[0]!.setValue('BR 100 missed')
    expect(current().onExpire?.title).toBe('BR 100 missed')

    await body().get('input[type="checkbox"]').setValue(false)
    expect(current()).not.toHaveProperty('deadline')
    expect(current()).not.toHaveProperty('onExpire')
    wrapper.unmount()
  })
})
