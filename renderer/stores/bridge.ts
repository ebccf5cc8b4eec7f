import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppInfo } from '../../shared/domain'
import * as api from '../api'

/** The link to the engine and what the engine says about itself. */
export const useBridgeStore = defineStore('bridge', () => {
  /**
   * The link's state (see BridgeStatus). Headless only: `disconnected` while the transport retries
   * on its own, `unauthorized` once the host refused this page's session and retrying stopped.
   */
  const status = ref<api.BridgeStatus>('connecting')
  const appInfo = ref<AppInfo | null>(null)
  let started = false

  async function loadInfo(): Promise<void> {
    try {
      appInfo.value = await api.getAppInfo()
    } catch (error) {
      // Only the footer shows it; the banner already covers a dead link.
      console.error(error)
    }
  }

  function start(): void {
    if (started) return
    started = true
    api.onConnectionChange((next) => {
      status.value = next
    })
    status.value = api.connectionStatus()
    void loadInfo()
  }

  /**
   * Headless: signs the page in again with a pasted token once the host refused its session (it
   * restarted with another token, or the page was opened without one). Rejects with the reason.
   */
  function signIn(token: string): Promise<void> {
    return api.signIn(token)
  }

  return { status, appInfo, start, signIn }
})
