/**
 * The main window, with Electron's security checklist applied. Every webPreferences value below
 * is spelled out even where it is the default, so a reader (and the lint test) sees the policy.
 */

import { BrowserWindow, shell } from 'electron'
import { isRendererUrl, type RendererOrigin } from './ipc/sender-check'

export interface MainWindowOptions {
  preloadPath: string
  renderer: RendererOrigin
  show: boolean
}

export function createMainWindow({
  preloadPath,
  renderer,
  show,
}: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 500,
    title: 'Vigil',
    show: false,
    backgroundColor: '#111418',
    webPreferences: {
      preload: preloadPath,
      // The page gets only what preload exposes through contextBridge, in its own JS world.
      contextIsolation: true,
      // OS-level sandbox for the renderer; preload is built as one CommonJS bundle for this.
      sandbox: true,
      // The page must never reach Node: all engine access goes through the typed bridge.
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // No <webview>: nothing in Vigil embeds other content.
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  })

  // The page never navigates away from our renderer; links to the web open in the browser.
  window.webContents.on('will-navigate', (event, url) => {
    if (!isRendererUrl(url, renderer)) {
      event.preventDefault()
      openExternal(url)
    }
  })
  window.webContents.on('will-redirect', (event, url) => {
    if (!isRendererUrl(url, renderer)) event.preventDefault()
  })
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternal(url)
    return { action: 'deny' }
  })

  if (show) window.once('ready-to-show', () => window.show())
  if (renderer.kind === 'dev') void window.loadURL(renderer.origin)
  else void window.loadFile(renderer.indexPath)
  return window
}

/** Only http(s) links leave the app, and only to the user's browser. */
function openExternal(url: string): void {
  if (!URL.canParse(url)) return
  const { protocol } = new URL(url)
  if (protocol === 'https:' || protocol === 'http:') void shell.openExternal(url)
}
