/**
 * Process-wide guards, applied once before any window exists (Electron security checklist 5, 12,
 * 13 and 14): every permission request and check is denied (Vigil needs no camera, microphone,
 * geolocation or web notifications: native notifications come from main), no web contents may
 * attach a <webview>, and every web contents starts with window.open denied (the main window then
 * adds its own handler, which opens http(s) links in the browser).
 */

import type { App, Session } from 'electron'

export type PolicySession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler'
>

export function applySessionPolicy(session: PolicySession, app: Pick<App, 'on'>): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
}
