/**
 * The main window, with Electron's security checklist applied. Every webPreferences value below
 * is spelled out even where it is the default, so a reader (and window.test.ts) sees the policy.
 * This is the only place a BrowserWindow is constructed (ESLint refuses `new BrowserWindow`
 * anywhere else), so every window Vigil opens gets these options.
 *
 * The Electron classes arrive as parameters (the composition root passes the real ones), so the
 * policy is unit-tested in plain Node against a fake.
 */

import type { BrowserWindow, BrowserWindowConstructorOptions, Rectangle, Shell } from 'electron'
import { isRendererUrl, type RendererOrigin } from './ipc/sender-check'
import { RENDERER_INDEX_URL } from './shell/renderer-protocol'

export interface WindowElectron {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow
  shell: Pick<Shell, 'openExternal'>
}

export interface MainWindowOptions {
  preloadPath: string
  renderer: RendererOrigin
  show: boolean
  /** Where the window was last time (see shell/window-state.ts); absent: centred default size. */
  bounds?: Partial<Rectangle>
  maximized?: boolean
  /** The window icon where the OS takes it from the window (Linux, Windows in development). */
  icon?: string
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 800 } as const

/** The renderer's webPreferences: the policy itself, exported for the test that pins it. */
export function secureWebPreferences(preloadPath: string): Electron.WebPreferences {
  return {
    preload: preloadPath,
    // The page gets only what preload exposes through contextBridge, in its own JS world.
    contextIsolation: true,
    // OS-level sandbox for the renderer; preload is built as one CommonJS bundle for this.
    sandbox: true,
    // The page must never reach Node: all engine access goes through the typed bridge.
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    // Same-origin policy stays on: the page may not read other origins' responses.
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    // No <webview>: nothing in Vigil embeds other content.
    webviewTag: false,
    // Dropping a file on the window must not navigate the app to that file.
    navigateOnDragDrop: false,
    // Not a security setting: event payloads are data, and red squiggles under them are noise.
    spellcheck: false,
  }
}

export function createMainWindow(
  electron: WindowElectron,
  { preloadPath, renderer, show, bounds, maximized, icon }: MainWindowOptions,
): BrowserWindow {
  const window = new electron.BrowserWindow({
    ...DEFAULT_WINDOW_SIZE,
    ...bounds,
    minWidth: 800,
    minHeight: 500,
    title: 'Vigil',
    show: false,
    backgroundColor: '#111418',
    ...(icon ? { icon } : {}),
    webPreferences: secureWebPreferences(preloadPath),
  })
  if (maximized) window.maximize()

  const openExternal = (url: string) => {
    if (isExternalWebUrl(url)) void electron.shell.openExternal(url)
  }
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
  else void window.loadURL(RENDERER_INDEX_URL)
  return window
}

/**
 * Only http(s) links leave the app, and only to the user's browser: `shell.openExternal` with a
 * `file:`, `smb:` or custom-scheme URL could run a program (Electron checklist item 15).
 */
export function isExternalWebUrl(url: string): boolean {
  if (!URL.canParse(url)) return false
  const { protocol } = new URL(url)
  return protocol === 'https:' || protocol === 'http:'
}
