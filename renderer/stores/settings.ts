import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { Config, ConfigInput } from '../../shared/config'
import type { ConfigExport, ImportPreview } from '../../shared/config-transfer'
import type { OpenedFileContent } from '../../shared/opened-file'
import { defaultPreferences } from '../../shared/preference-defaults'
import type { Preferences } from '../../shared/preferences'
import * as api from '../api'
import { errorMessage } from '../api-error'
import { useSaveAttempt } from '../lib/save-attempt'
import { soundSetting, type SoundChoice } from '../lib/sounds'
import { applyTheme, themeSetting, type Theme } from '../lib/theme'

export type PreferencePart = keyof Preferences

/**
 * Settings: the window's theme (local to this window, in localStorage), the preferences kept in
 * the config document (saved through `config:get` / `config:replace` like any change to it), and
 * moving the whole document between machines (export, import with a preview of the changes).
 */
export const useSettingsStore = defineStore('settings', () => {
  const theme = shallowRef<Theme>('system')
  /** Whether this window plays trigger sounds. */
  const sounds = shallowRef<SoundChoice>(soundSetting.read())
  const preferences = shallowRef<Preferences>(defaultPreferences())
  const loaded = shallowRef(false)
  const loadError = shallowRef<string | null>(null)
  // The part being saved, or null; the last save's problems, with config paths
  // (`preferences.shell.startAtLogin`), or its one message.
  const { saving, saveIssues, saveError, attempt } = useSaveAttempt<PreferencePart | null>(null)
  /** A file the OS asked Vigil to open (desktop shell), until the Settings page deals with it. */
  const openedFile = shallowRef<OpenedFileContent | null>(null)
  /** Why the last opened file could not be taken from the engine. */
  const openedFileError = shallowRef<string | null>(null)

  let themeStarted = false

  /**
   * Applies the stored theme (and sound choice) before the app mounts, and follows changes from
   * other windows.
   */
  function startTheme(): void {
    theme.value = themeSetting.read()
    applyTheme(theme.value)
    sounds.value = soundSetting.read()
    if (themeStarted) return
    themeStarted = true
    window.addEventListener('storage', (event) => {
      if (event.key === soundSetting.key) sounds.value = soundSetting.read()
      if (event.key !== themeSetting.key) return
      theme.value = themeSetting.read()
      applyTheme(theme.value)
    })
  }

  function setTheme(next: Theme): void {
    theme.value = next
    themeSetting.write(next)
    applyTheme(next)
  }

  function setSounds(next: SoundChoice): void {
    sounds.value = next
    soundSetting.write(next)
  }

  function take(config: Config): void {
    preferences.value = config.preferences
    loaded.value = true
    loadError.value = null
  }

  async function load(): Promise<void> {
    try {
      take(await api.getConfig())
    } catch (error) {
      loadError.value = errorMessage(error)
    }
  }

  /**
   * Saves a change to one part of the preferences. The document is read fresh just before it is
   * replaced, so a source or trigger saved meanwhile is not undone. Answers whether it saved.
   */
  function savePreferences<P extends PreferencePart>(
    part: P,
    patch: Partial<Preferences[P]>,
  ): Promise<boolean> {
    return attempt(part, async () => {
      const config = await api.getConfig()
      const next: ConfigInput = {
        ...config,
        preferences: { ...config.preferences, [part]: { ...config.preferences[part], ...patch } },
      }
      take(await api.replaceConfig(next))
    })
  }

  const exportConfig = (): Promise<ConfigExport> => api.exportConfig()
  const previewImport = (document: unknown): Promise<ImportPreview> =>
    api.previewConfigImport(document)

  async function importConfig(document: unknown): Promise<Config> {
    const config = await api.importConfig(document)
    take(config)
    return config
  }

  return {
    theme,
    sounds,
    preferences,
    loaded,
    loadError,
    saving,
    saveIssues,
    saveError,
    openedFile,
    openedFileError,
    startTheme,
    setTheme,
    setSounds,
    load,
    savePreferences,
    exportConfig,
    previewImport,
    importConfig,
  }
})
