import { describe, expect, it } from 'vitest'
import { newDraft } from '../../lib/trigger-draft'
import { mountBuilder } from '../../test/trigger-builder'

function mountNoise() {
  const { wrapper, current } = mountBuilder({ ...newDraft({ type: 'door' }), id: 'test' })
  const rule = (label: string) =>
    wrapper.findAll('.noise-editor .rule').find((rule) => rule.text().startsWith(label))!
  return { wrapper, noise: () => current().noise, rule }
}

describe('NoiseEditor: each rule switched on with its checkbox', () => {
  it('starts a cooldown at 5 minutes and a repeat window at 1, each keyed only when typed', async () => {
    const { wrapper, noise, rule } = mountNoise()
    await rule('Cooldown').get('input[type="checkbox"]').setValue(true)
    expect(noise().cooldown).toEqual({ seconds: 300 })
    await rule('Drop repeats').get('input[type="checkbox"]').setValue(true)
    expect(noise().dedupe).toEqual({ seconds: 60 })

    const key = () => rule('Drop repeats').get('input[type="text"]')
    await key().setValue('{{payload.door_id}}')
    expect(noise().dedupe).toEqual({ seconds: 60, key: '{{payload.door_id}}' })
    await key().setValue('')
    expect(noise().dedupe).toEqual({ seconds: 60 })
    await rule('Cooldown').get('input[type="number"]').setValue('2')
    expect(noise().cooldown).toEqual({ seconds: 120 })
    expect(noise().dedupe).toEqual({ seconds: 60 })

    await rule('Cooldown').get('input[type="checkbox"]').setValue(false)
    expect(noise()).not.toHaveProperty('cooldown')
    expect(rule('Cooldown').find('.rule-body').exists()).toBe(false)
    wrapper.unmount()
  })

  it('limits the rate at 5 a minute once switched on', async () => {
    const { wrapper, noise, rule } = mountNoise()
    expect(rule('Rate limit').find('.rule-body').exists()).toBe(false)
    await rule('Rate limit').get('input[type="checkbox"]').setValue(true)
    expect(noise().maxPerMinute).toBe(5)
    await rule('Rate limit').get('input[type="number"]').setValue('8')
    expect(noise().maxPerMinute).toBe(8)
    wrapper.unmount()
  })

  it('adds a quiet window from 22:00 to 07:00 every day, each end and day editable', async () => {
    const { wrapper, noise } = mountNoise()
    const add = wrapper.findAll('button').find((button) => button.text() === 'Add quiet hours')!
    await add.trigger('click')
    expect(noise().quietHours).toEqual([
      { days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from: '22:00', to: '07:00' },
    ])
    await wrapper.get('[aria-label="Quiet window 1: from"]').setValue('23:30')
    await wrapper.get('[aria-label="Quiet window 1: to"]').setValue('06:00')
    const sunday = wrapper.findAll('.days label').find((label) => label.text() === 'Sun')!
    await sunday.get('input').setValue(false)
    expect(noise().quietHours).toEqual([
      { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from: '23:30', to: '06:00' },
    ])
    wrapper.unmount()
  })
})
