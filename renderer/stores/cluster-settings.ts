import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type {
  ClusterSettingsView,
  DesktopClusterSettingsInput,
} from '../../shared/cluster-settings'
import type { Issue } from '../../shared/result'
import * as api from '../api'
import { errorMessage, saveRefusal } from '../api-error'

/**
 * The desktop app's cluster settings (Settings > Cluster): kept per machine by the shell, not in
 * the config document, and applied when the app starts next.
 */
export const useClusterSettingsStore = defineStore('cluster-settings', () => {
  const view = shallowRef<ClusterSettingsView | null>(null)
  const loadError = shallowRef<string | null>(null)
  const saving = shallowRef(false)
  const saveIssues = shallowRef<readonly Issue[]>([])
  const saveError = shallowRef<string | null>(null)

  async function load(): Promise<void> {
    try {
      view.value = await api.getClusterSettings()
      loadError.value = null
    } catch (error) {
      loadError.value = errorMessage(error)
    }
  }

  /** Answers whether it was saved; the engine's refusal is kept by field or as a message. */
  async function save(settings: DesktopClusterSettingsInput): Promise<boolean> {
    saving.value = true
    saveIssues.value = []
    saveError.value = null
    try {
      view.value = await api.saveClusterSettings(settings)
      return true
    } catch (error) {
      const { issues, message } = saveRefusal(error)
      saveIssues.value = issues
      saveError.value = message
      return false
    } finally {
      saving.value = false
    }
  }

  return { view, loadError, saving, saveIssues, saveError, load, save }
})
