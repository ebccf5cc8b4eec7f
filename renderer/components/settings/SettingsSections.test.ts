import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { emptyConfig, type Config } from '../../../shared/config'
import type { ImportPreview } from '../../../shared/config-transfer'
import { ApiError } from '../../api-error'
import { useSettingsStore } from '../../stores/settings'
import { fake } from '../../test/fake-api'
import { fieldErrors } from '../../test/form-field'
import { vigilEvent } from '../../test/fixtures'
import ConfigTransfer from './ConfigTransfer.vue'
import DefaultNoise from './DefaultNoise.vue'
import HistoryRetention from './HistoryRetention.vue'

vi.mock('../../api', async () => (await import('../../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

describe('HistoryRetention', () => {
  it('shows the stored values and checks each field with the shared schema', async () => {
    await useSettingsStore().load()
    const wrapper = mount(HistoryRetention)
    const days = wrapper.get('#field-retentionDays')
    expect((days.element as HTMLInputElement).value).toBe('30')
    await days.setValue('soon')
    await wrapper.get('#field-maxSizeMb').setValue('2')
    await wrapper.get('form').trigger('submit')
    expect(fieldErrors(wrapper, 'retentionDays')).toEqual(['enter a whole number of days'])
    await days.setValue('7')
    expect(fieldErrors(wrapper, 'retentionDays')).toEqual([])
    expect(fieldErrors(wrapper, 'maxSizeMb')[0]).toMatch(/16/)
    expect(fake.api.replaceConfig).not.toHaveBeenCalled()
  })

  it("saves into preferences.history and shows the engine's refusal by field", async () => {
    await useSettingsStore().load()
    const wrapper = mount(HistoryRetention)
    await wrapper.get('#field-retentionDays').setValue('7')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const sent = fake.api.replaceConfig.mock.calls[0]![0] as Config
    // The section's own keys change; the backlog settings it does not show are kept.
    expect(sent.preferences.history).toEqual({
      retentionDays: 7,
      maxSizeMb: 1024,
      backlogMb: 32,
      whenBehind: 'slow-sources',
    })
    expect(wrapper.get('[role="status"]').text()).toBe('Saved.')

    fake.api.replaceConfig.mockRejectedValueOnce(
      new ApiError('invalid-argument', 'no', [
        { path: 'preferences.history.maxSizeMb', message: 'the disk is too small for that' },
      ]),
    )
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fieldErrors(wrapper, 'maxSizeMb')).toEqual(['the disk is too small for that'])
  })

  it('keeps unsaved input when another section saves, and follows a stored change', async () => {
    const settings = useSettingsStore()
    await settings.load()
    const wrapper = mount(HistoryRetention)
    const days = wrapper.get('#field-retentionDays')
    await days.setValue('45')
    // Every save replaces the whole preferences object, the history part included.
    await settings.savePreferences('triggers', { noise: { quietHours: [] } })
    await flushPromises()
    expect((days.element as HTMLInputElement).value).toBe('45')

    await settings.savePreferences('history', { retentionDays: 60 })
    await flushPromises()
    expect((days.element as HTMLInputElement).value).toBe('60')
  })
})

const validPreview: ImportPreview = {
  valid: true,
  config: emptyConfig(),
  migratedFrom: null,
  changes: {
    sources: {
      added: ['faces'],
      changed: [{ id: 'ps2', keys: ['url', 'onOpen'] }],
      removed: ['demo-census'],
      unchanged: 1,
    },
    triggers: { added: [], changed: [], removed: ['demo-headshots'], unchanged: 0 },
    preferences: ['history.retentionDays'],
  },
  missingSecrets: ['faces-secret'],
  reusedSecrets: [{ secret: 'ps2-key', sources: ['ps2'], triggers: ['alarm-hook'] }],
  newWebhookOrigins: [{ origin: 'https://pager.example', triggers: ['alarm-hook', 'pager'] }],
}

async function choose(wrapper: ReturnType<typeof mount>, text: string, name = 'setup.vigil') {
  const input = wrapper.get('input[type="file"]')
  Object.defineProperty(input.element, 'files', {
    value: [new File([text], name, { type: 'application/json' })],
    configurable: true,
  })
  await input.trigger('change')
  await flushPromises()
}

describe('ConfigTransfer', () => {
  it('previews an import, and applies it only when asked', async () => {
    fake.api.previewConfigImport.mockResolvedValueOnce(validPreview)
    const wrapper = mount(ConfigTransfer)
    await choose(wrapper, '{"version":1}')
    expect(fake.api.previewConfigImport).toHaveBeenCalledWith({ version: 1 })
    expect(wrapper.findAll('[aria-label="Changes"] li').map((li) => li.text())).toEqual([
      'Adds source faces',
      'Changes source ps2: url, onOpen',
      'Removes source demo-census',
      'Removes trigger demo-headshots',
      'Changes preference history.retentionDays',
    ])
    expect(wrapper.text()).toContain('1 source or trigger stays as they are.')
    expect(wrapper.text()).toContain('faces-secret')
    expect(wrapper.text()).toContain('ps2-key, by source ps2, trigger alarm-hook')
    expect(wrapper.text()).toContain('send events to places this configuration never sends to')
    expect(wrapper.text()).toContain('https://pager.example, by trigger alarm-hook, trigger pager')
    expect(fake.api.importConfig).not.toHaveBeenCalled()

    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Import')!
      .trigger('click')
    await flushPromises()
    expect(fake.api.importConfig).toHaveBeenCalledWith({ version: 1 })
    expect(wrapper.get('[role="status"]').text()).toBe('Imported setup.vigil.')
  })

  it('lists the problems of a document that cannot be imported, and offers no Import', async () => {
    fake.api.previewConfigImport.mockResolvedValueOnce({
      valid: false,
      issues: [{ path: 'sources.0.id', message: 'use 1-64 lowercase letters' }],
    })
    const wrapper = mount(ConfigTransfer)
    await choose(wrapper, '{"version":1,"sources":[{"id":"Bad!"}]}')
    expect(wrapper.get('[role="alert"]').text()).toContain('cannot be imported')
    expect(wrapper.text()).toContain('sources.0.id: use 1-64 lowercase letters')
    expect(wrapper.findAll('button').some((b) => b.text() === 'Import')).toBe(false)
  })

  it('says when a file is not JSON at all', async () => {
    const wrapper = mount(ConfigTransfer)
    await choose(wrapper, 'not json', 'notes.txt')
    expect(wrapper.get('[role="status"]').text()).toMatch(/^notes.txt is not a Vigil configuration/)
    expect(fake.api.previewConfigImport).not.toHaveBeenCalled()
  })

  it('exports the document as a file and names the secrets to enter elsewhere', async () => {
    fake.api.exportConfig.mockResolvedValueOnce({
      config: emptyConfig(),
      secretRefs: ['faces-secret'],
      exportedAt: Date.UTC(2030, 0, 2),
    })
    const clicked: string[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this.download)
    })
    const wrapper = mount(ConfigTransfer)
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Export configuration…')!
      .trigger('click')
    await flushPromises()
    expect(clicked).toEqual(['vigil-config-2030-01-02.vigil'])
    expect(wrapper.text()).toContain('on the other machine, enter faces-secret')
    click.mockRestore()
  })
})

describe('DefaultNoise', () => {
  it('edits the noise control new triggers start with, and saves it to preferences.triggers', async () => {
    await useSettingsStore().load()
    const wrapper = mount(DefaultNoise)
    expect(wrapper.get('.summary').text()).not.toContain('At most once')
    await wrapper.get('.noise-editor input[type="checkbox"]').setValue(true) // cooldown
    expect(wrapper.get('.summary').text()).toContain('At most once per 5 minutes.')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const sent = fake.api.replaceConfig.mock.calls[0]![0] as Config
    // Added to the default a new config starts with (a rate limit).
    expect(sent.preferences.triggers).toEqual({
      noise: { cooldown: { seconds: 300 }, maxPerMinute: 2, quietHours: [] },
    })
    expect(wrapper.get('[role="status"]').text()).toBe('Saved.')
  })

  it('previews a key template against the newest event', async () => {
    fake.api.recentEvents.mockResolvedValueOnce([
      vigilEvent(1, { payload: { character_id: '42' } }),
    ])
    await useSettingsStore().load()
    const wrapper = mount(DefaultNoise)
    await flushPromises()
    await wrapper.get('.noise-editor input[type="checkbox"]').setValue(true)
    await wrapper
      .get('input[placeholder="{{payload.character_id}}"]')
      .setValue('{{payload.character_id}}')
    expect(wrapper.text()).toContain('Preview:')
    expect(wrapper.text()).toContain('42')
  })

  it("shows the engine's refusal beside the rule it names", async () => {
    await useSettingsStore().load()
    const wrapper = mount(DefaultNoise)
    await wrapper.get('.noise-editor input[type="checkbox"]').setValue(true)
    fake.api.replaceConfig.mockRejectedValueOnce(
      new ApiError('invalid-argument', 'no', [
        { path: 'preferences.triggers.noise.cooldown.seconds', message: 'too long' },
      ]),
    )
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain('too long')
    expect(wrapper.get('[role="status"]').text()).not.toBe('Saved.')
  })

  it('keeps unsaved rules when another section saves, and follows a stored change', async () => {
    const settings = useSettingsStore()
    await settings.load()
    const wrapper = mount(DefaultNoise)
    await wrapper.get('.noise-editor input[type="checkbox"]').setValue(true) // cooldown
    await settings.savePreferences('history', { retentionDays: 45 })
    await flushPromises()
    expect(wrapper.get('.summary').text()).toContain('At most once per 5 minutes.')

    await settings.savePreferences('triggers', {
      noise: { cooldown: { seconds: 60 }, quietHours: [] },
    })
    await flushPromises()
    expect(wrapper.get('.summary').text()).toContain('At most once per 1 minute.')
  })
})
