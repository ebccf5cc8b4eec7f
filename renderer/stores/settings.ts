import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { Config, ConfigInput } from '../../shared/config'
import {
  defaultShellPreferences,
  type ShellPreferences,
  type ShellPreferencesInput,
} from '../../shared/preferences-shell'
import type { OpenFileRequest } from '../../shared/ipc'
import type { Issue } from '../../shared/result'
import * as api from '../api'
import { ApiError, errorMessage } from '../api-error'
import { applyTheme, readTheme, THEME_STORAGE_KEY, writeTheme, type Theme } from '../lib/theme'

/**
 * Settings: the window's theme (local to this window, in localStorage) and the preferences kept in
 * the config document, which are saved through `config:get` / `config:replace` like any change
 * to the document.
 */
export const useSettingsStore = defineStore('settings', () => {
  const theme = shallowRef<Theme>('system')
  const shell = shallowRef<ShellPreferences>(defaultShellPreferences())
  const loaded = shallowRef(false)
  const loadError = shallowRef<string | null>(null)
  const saving = shallowRef(false)
  /** The last save's problems, with config paths (`preferences.shell.startAtLogin`). */
  const saveIssues = shallowRef<readonly Issue[]>([])
  const saveError = shallowRef<string | null>(null)
  /** A file the OS asked Vigil to open (desktop shell), until the Settings page deals with it. */
  const openFileRequest = shallowRef<OpenFileRequest | null>(null)

  let themeStarted = false

  /** Applies the stored theme before the app mounts, and follows changes from other windows. */
  function startTheme(): void {
    theme.value = readTheme()
    applyTheme(theme.value)
    if (themeStarted) return
    themeStarted = true
    window.addEventListener('storage', (event) => {
      if (event.key !== THEME_STORAGE_KEY) return
      theme.value = readTheme()
      applyTheme(theme.value)
    })
  }

  function setTheme(next: Theme): void {
    theme.value = next
    writeTheme(next)
    applyTheme(next)
  }

  function take(config: Config): void {
    shell.value = config.preferences.shell
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
   * Saves a change to the shell preferences. The document is read fresh just before it is
   * replaced, so a source or trigger saved meanwhile is not undone.
   */
  async function saveShell(patch: Partial<ShellPreferencesInput>): Promise<boolean> {
    saving.value = true
    saveIssues.value = []
    saveError.value = null
    try {
      const config = await api.getConfig()
      const next: ConfigInput = {
        ...config,
        preferences: { ...config.preferences, shell: { ...config.preferences.shell, ...patch } },
      }
      take(await api.replaceConfig(next))
      return true
    } catch (error) {
      if (error instanceof ApiError) {
        saveIssues.value = error.issues
        saveError.value = error.issues.length > 0 ? null : error.message
      } else {
        saveError.value = errorMessage(error)
      }
      return false
    } finally {
      saving.value = false
    }
  }

  return {
    theme,
    shell,
    loaded,
    loadError,
    saving,
    saveIssues,
    saveError,
    openFileRequest,
    startTheme,
    setTheme,
    load,
    saveShell,
  }
})
