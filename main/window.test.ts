import { beforeEach, describe, expect, it } from 'vitest'
import type { WindowElectron } from './window'
import { createMainWindow, isExternalWebUrl } from './window'
import { FakeBrowserWindow, fakeEvent, TEST_PAGE_URL } from './shell/testing/fakes'

const renderer = { kind: 'app' } as const

function setup() {
  const opened: string[] = []
  const electron = {
    BrowserWindow: FakeBrowserWindow,
    shell: { openExternal: (url: string) => (opened.push(url), Promise.resolve()) },
  } as unknown as WindowElectron
  const window = createMainWindow(electron, {
    preloadPath: '/app/out/preload/index.cjs',
    renderer,
    show: true,
  }) as unknown as FakeBrowserWindow
  return { window, opened }
}

describe('createMainWindow', () => {
  beforeEach(() => {
    FakeBrowserWindow.created = []
  })

  it('creates the window with every secure webPreferences value', () => {
    const { window } = setup()
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    })
    // Nothing that re-opens the door sneaks in beside them.
    const preferences = window.options.webPreferences as Record<string, unknown>
    expect(preferences).not.toHaveProperty('enableBlinkFeatures')
    expect(preferences).not.toHaveProperty('additionalArguments')
    expect(window.loaded).toBe('vigil://app/index.html')
  })

  it('starts hidden and shows once ready, so no blank frame flashes', () => {
    const { window } = setup()
    expect(window.options.show).toBe(false)
    window.emit('ready-to-show')
    expect(window.visible).toBe(true)
  })

  it('restores remembered bounds and maximised state', () => {
    const electron = { BrowserWindow: FakeBrowserWindow, shell: {} } as unknown as WindowElectron
    const window = createMainWindow(electron, {
      preloadPath: '/p.cjs',
      renderer,
      show: false,
      bounds: { x: 5, y: 6, width: 900, height: 600 },
      maximized: true,
    }) as unknown as FakeBrowserWindow
    expect(window.options).toMatchObject({ x: 5, y: 6, width: 900, height: 600 })
    expect(window.maximized).toBe(true)
  })

  it('blocks navigation away from the renderer and hands only web links to the browser', () => {
    const { window, opened } = setup()
    const navigate = (url: string) => {
      const event = fakeEvent()
      window.webContents.emit('will-navigate', event, url)
      return event.defaultPrevented
    }
    expect(navigate(`${TEST_PAGE_URL}#/live`)).toBe(false)
    expect(navigate('https://example.com/docs')).toBe(true)
    expect(navigate('file:///etc/passwd')).toBe(true)
    expect(navigate('vigil://app/assets/index.js')).toBe(true)
    expect(navigate('smb://server/share')).toBe(true)
    expect(opened).toEqual(['https://example.com/docs'])

    const redirect = fakeEvent()
    window.webContents.emit('will-redirect', redirect, 'https://evil.example/')
    expect(redirect.defaultPrevented).toBe(true)
  })

  it('denies every window.open, opening http(s) targets in the browser instead', () => {
    const { window, opened } = setup()
    const handler = window.webContents.windowOpenHandler!
    expect(handler({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    expect(handler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(handler({ url: 'file:///c:/windows/system32/calc.exe' })).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://example.com/'])
  })
})

describe('isExternalWebUrl', () => {
  it('accepts http and https only', () => {
    expect(isExternalWebUrl('https://a.example/x')).toBe(true)
    expect(isExternalWebUrl('http://a.example/x')).toBe(true)
    for (const url of ['file:///x', 'ms-settings:', 'vbscript:x', 'not a url', ''])
      expect(isExternalWebUrl(url)).toBe(false)
  })
})
