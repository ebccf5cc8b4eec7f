import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { configSchema, type Config } from '../../shared/config'
import { ApiError } from '../api-error'
import { themeSetting } from '../lib/theme'
import { fake } from '../test/fake-api'
import { useSettingsStore } from './settings'

vi.mock('../api', async () => (await import('../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
  localStorage.clear()
  delete document.documentElement.dataset.theme
})

const withSource = (): Config =>
  configSchema.parse({
    version: 1,
    sources: [{ id: 'a', name: 'A', preset: 'generic', url: 'ws://127.0.0.1:1/' }],
  })

describe('settings store', () => {
  it('applies the stored theme to <html> and follows the system when none is stored', () => {
    const settings = useSettingsStore()
    settings.startTheme()
    expect(settings.theme).toBe('system')
    expect(document.documentElement.dataset.theme).toBe('system')

    settings.setTheme('dark')
    expect(document.documentElement.dataset.theme).toBe('dark')
    expect(localStorage.getItem(themeSetting.key)).toBe('dark')

    setActivePinia(createPinia())
    const nextWindow = useSettingsStore()
    nextWindow.startTheme()
    expect(nextWindow.theme).toBe('dark')
  })

  it('ignores a stored value that is not a theme', () => {
    localStorage.setItem(themeSetting.key, 'sepia')
    const settings = useSettingsStore()
    settings.startTheme()
    expect(settings.theme).toBe('system')
  })

  it('saves a shell preference into a fresh copy of the document', async () => {
    fake.api.getConfig.mockResolvedValue(withSource())
    const settings = useSettingsStore()
    await settings.load()
    expect(settings.preferences.shell.closeToTray).toBe(true)

    expect(await settings.savePreferences('shell', { startAtLogin: true })).toBe(true)
    const sent = fake.api.replaceConfig.mock.calls[0]![0] as Config
    expect(sent.sources.map((source) => source.id)).toEqual(['a'])
    expect(sent.preferences.shell).toMatchObject({ startAtLogin: true, closeToTray: true })
    expect(settings.preferences.shell.startAtLogin).toBe(true)
  })

  it('keeps the problems of a refused save by path', async () => {
    fake.api.replaceConfig.mockRejectedValueOnce(
      new ApiError('invalid-argument', 'bad', [
        { path: 'preferences.shell.startAtLogin', message: 'expected boolean' },
      ]),
    )
    const settings = useSettingsStore()
    expect(await settings.savePreferences('shell', { startAtLogin: true })).toBe(false)
    expect(settings.saveIssues).toEqual([
      { path: 'preferences.shell.startAtLogin', message: 'expected boolean' },
    ])
    expect(settings.saveError).toBeNull()

    fake.api.replaceConfig.mockRejectedValueOnce(new Error('the link dropped'))
    expect(await settings.savePreferences('shell', { startAtLogin: true })).toBe(false)
    expect(settings.saveError).toBe('the link dropped')
  })
})
