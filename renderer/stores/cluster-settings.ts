import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type {
  ClusterSettingsView,
  DesktopClusterSettingsInput,
} from '../../shared/cluster-settings'
import * as api from '../api'
import { errorMessage } from '../api-error'
import { useSaveAttempt } from '../lib/save-attempt'

/**
 * The desktop app's cluster settings (Settings > Cluster): kept per machine by the shell, not in
 * the config document, and applied when the app starts next.
 */
export const useClusterSettingsStore = defineStore('cluster-settings', () => {
  const view = shallowRef<ClusterSettingsView | null>(null)
  const loadError = shallowRef<string | null>(null)
  const { saving, saveIssues, saveError, attempt } = useSaveAttempt(false)

  async function load(): Promise<void> {
    try {
      view.value = await api.getClusterSettings()
      loadError.value = null
    } catch (error) {
      loadError.value = errorMessage(error)
    }
  }

  /** Answers whether it was saved; the engine's refusal is kept by field or as a message. */
  function save(settings: DesktopClusterSettingsInput): Promise<boolean> {
    return attempt(true, async () => {
      view.value = await api.saveClusterSettings(settings)
    })
  }

  return { view, loadError, saving, saveIssues, saveError, load, save }
})
