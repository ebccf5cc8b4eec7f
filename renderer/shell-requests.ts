import type { Router } from 'vue-router'
import * as api from './api'
import { errorMessage } from './api-error'
import type { useSettingsStore } from './stores/settings'

/**
 * What the desktop shell asks of the UI: show the event behind a clicked notification, or open a
 * file the OS handed to Vigil. Installed before `markReady`, so a request that started the app
 * (a notification click, a double-clicked file) is not lost.
 */
export function installShellRequests(
  router: Router,
  settings: ReturnType<typeof useSettingsStore>,
): void {
  api.onOpenEvent(({ eventId }) => {
    void router.push({ path: '/events', query: { event: String(eventId) } })
  })
  // Main has read the file; the page gets its content by token (it never handles paths).
  api.onOpenFile(async ({ token, name }) => {
    try {
      settings.openedFile = await api.takeOpenedFile(token)
      settings.openedFileError = null
    } catch (error) {
      settings.openedFile = null
      settings.openedFileError = `Could not open ${name}: ${errorMessage(error)}`
    }
    void router.push('/settings')
  })
}
