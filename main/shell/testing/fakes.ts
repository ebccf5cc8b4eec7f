/**
 * Small fakes of the Electron objects the shell uses, for unit tests in plain Node (importing
 * `electron` outside the Electron binary yields a path string, not the API). Each fake implements
 * only what the glue calls and records it; `as unknown as` casts stand in for the many members of
 * Electron's classes that the glue never touches. Test-only; never imported by production code.
 */

import { EventEmitter } from 'node:events'
import type {
  BrowserWindow,
  BrowserWindowConstructorOptions,
  IpcMain,
  IpcMainEvent,
  IpcMainInvokeEvent,
} from 'electron'
import { RENDERER_INDEX_URL } from '../renderer-protocol'

/** The page the window loads, as its frames report it. */
export const TEST_PAGE_URL = RENDERER_INDEX_URL

/** An Electron-style event, with the fields of `details`: listeners may call preventDefault. */
export function fakeEvent<T extends object = object>(
  details?: T,
): T & { preventDefault(): void; defaultPrevented: boolean } {
  const event = {
    ...details,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true
    },
  } as T & { preventDefault(): void; defaultPrevented: boolean }
  return event
}

export class FakeWebContents extends EventEmitter {
  readonly sent: unknown[][] = []
  readonly mainFrame = { url: TEST_PAGE_URL }
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined
  send(...args: unknown[]): void {
    this.sent.push(args)
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  readonly calls: string[] = []
  visible = false
  minimized = false
  destroyed = false
  maximized = false
  bounds = { x: 10, y: 20, width: 1000, height: 700 }
  loaded: string | undefined

  constructor(readonly options: BrowserWindowConstructorOptions = {}) {
    super()
    FakeBrowserWindow.created.push(this)
  }
  show(): void {
    this.calls.push('show')
    this.visible = true
    this.minimized = false
  }
  hide(): void {
    this.calls.push('hide')
    this.visible = false
  }
  focus(): void {
    this.calls.push('focus')
  }
  restore(): void {
    this.calls.push('restore')
    this.minimized = false
  }
  maximize(): void {
    this.maximized = true
  }
  isMinimized(): boolean {
    return this.minimized
  }
  isMaximized(): boolean {
    return this.maximized
  }
  isVisible(): boolean {
    return this.visible
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  getNormalBounds() {
    return { ...this.bounds }
  }
  loadURL(url: string): Promise<void> {
    this.loaded = url
    return Promise.resolve()
  }
  /** Simulates the user closing the window; answers whether it really closed. */
  userClose(): boolean {
    const event = fakeEvent()
    this.emit('close', event)
    if (!event.defaultPrevented) this.destroyed = true
    return !event.defaultPrevented
  }
  asWindow(): BrowserWindow {
    return this as unknown as BrowserWindow
  }
}

type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown

/** ipcMain with a way to call it as a renderer frame would. */
export class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, InvokeHandler>()
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    this.handlers.set(channel, handler)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  invoke(channel: string, sender: SenderLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`no handler for ${channel}`)
    return Promise.resolve(handler(ipcEvent(sender) as unknown as IpcMainInvokeEvent, ...args))
  }
  sendFrom(channel: string, sender: SenderLike, ...args: unknown[]): void {
    this.emit(channel, ipcEvent(sender) as unknown as IpcMainEvent, ...args)
  }
  asIpcMain(): IpcMain {
    return this as unknown as IpcMain
  }
}

export interface SenderLike {
  webContents: FakeWebContents
  frame: { url: string } | null
}

function ipcEvent(sender: SenderLike) {
  return { sender: sender.webContents, senderFrame: sender.frame }
}

/** A NativeImage stand-in that remembers where it came from. */
export interface FakeImage {
  path: string
  template: boolean
  setTemplateImage(on: boolean): void
}

export function fakeImage(path: string): FakeImage {
  const image: FakeImage = {
    path,
    template: false,
    setTemplateImage(on) {
      image.template = on
    },
  }
  return image
}

export class FakeTray extends EventEmitter {
  image: FakeImage
  tooltip = ''
  title = ''
  menu: Electron.MenuItemConstructorOptions[] = []
  menuBuilds = 0
  destroyed = false
  constructor(image: unknown) {
    super()
    this.image = image as FakeImage
  }
  setImage(image: unknown): void {
    this.image = image as FakeImage
  }
  setToolTip(text: string): void {
    this.tooltip = text
  }
  setTitle(text: string): void {
    this.title = text
  }
  setContextMenu(menu: unknown): void {
    this.menu = menu as Electron.MenuItemConstructorOptions[]
    this.menuBuilds++
  }
  destroy(): void {
    this.destroyed = true
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  /** The menu's clickable or visible items by id. */
  item(id: string): Electron.MenuItemConstructorOptions | undefined {
    return this.menu.find((item) => item.id === id)
  }
  click(id: string): void {
    const item = this.item(id)
    if (!item?.click) throw new Error(`no clickable menu item "${id}"`)
    ;(item.click as () => void)()
  }
}
