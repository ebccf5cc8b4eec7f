/**
 * The tray icon: an image per status (template images on macOS, so the menu bar tints them for
 * light and dark), a tooltip summarising sources and unread notifications, and the menu: open,
 * pause or resume all sources, the newest notifications, quit. Refreshes are coalesced, so a burst
 * of source changes rebuilds the menu once.
 */

import { join } from 'node:path'
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron'
import type { NotificationView } from '../../shared/domain'
import type { NotificationsPort, SourcesPort } from '../services/engine-ports'
import type { Clock, TimerHandle } from '../services/util/clock'
import {
  trayMenuModel,
  trayTooltip,
  TRAY_NOTIFICATIONS,
  type TrayMenuModel,
  type TrayStatus,
} from './tray-status'

export type TrayLike = Pick<
  Tray,
  'setImage' | 'setToolTip' | 'setContextMenu' | 'setTitle' | 'on' | 'destroy' | 'isDestroyed'
>

export interface TrayElectron {
  createTray(image: NativeImage): TrayLike
  buildMenu(template: MenuItemConstructorOptions[]): Menu
  imageFromPath(path: string): NativeImage
}

export interface TrayActions {
  open(): void
  openNotification(notification: NotificationView): void
  pauseAll(): void
  resumeAll(): void
  quit(): void
}

export interface TrayControllerOptions {
  electron: TrayElectron
  platform: NodeJS.Platform
  /** Where the build put the tray PNGs (see build/icons.ts). */
  iconDir: string
  /** The sources it summarises and pauses or resumes, the notifications it lists: the engine. */
  engine: SourcesPort & NotificationsPort
  /** What the menu's other items do (the window, the app). */
  actions: Omit<TrayActions, 'pauseAll' | 'resumeAll'>
  /** The dock / launcher badge, where the OS has one. */
  setBadgeCount?: (count: number) => void
  clock: Clock
}

/** Long enough to fold a reconnect storm into one rebuild, short enough to feel immediate. */
export const TRAY_REFRESH_MS = 250

/** The file for a status: `failedTemplate.png` on macOS, `failed.png` elsewhere (`@2x` beside). */
export function trayIconPath(iconDir: string, status: TrayStatus, platform: NodeJS.Platform) {
  return join(iconDir, `${status}${platform === 'darwin' ? 'Template' : ''}.png`)
}

export function trayMenuTemplate(
  model: TrayMenuModel,
  actions: TrayActions,
): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [
    { id: 'open', label: 'Open Vigil', click: () => actions.open() },
    { type: 'separator' },
  ]
  if (model.toggle === 'pause')
    items.push({ id: 'pause', label: 'Pause all sources', click: () => actions.pauseAll() })
  if (model.toggle === 'resume')
    items.push({ id: 'resume', label: 'Resume all sources', click: () => actions.resumeAll() })
  if (model.toggle) items.push({ type: 'separator' })

  const heading = model.unread > 0 ? `Notifications (${model.unread} unread)` : 'Notifications'
  items.push({ id: 'notifications', label: heading, enabled: false })
  if (model.notifications.length === 0)
    items.push({ id: 'no-notifications', label: 'None yet', enabled: false })
  for (const { notification, label } of model.notifications) {
    items.push({
      id: `notification-${notification.id}`,
      label,
      click: () => actions.openNotification(notification),
    })
  }
  items.push(
    { type: 'separator' },
    { id: 'quit', label: 'Quit Vigil', click: () => actions.quit() },
  )
  return items
}

export class TrayController {
  private readonly tray: TrayLike
  private status: TrayStatus | undefined
  private timer: TimerHandle | undefined
  private disposed = false

  /** The menu's items: the shell's actions, and pausing or resuming on the engine. */
  private readonly actions: TrayActions

  constructor(private readonly options: TrayControllerOptions) {
    const { electron, actions, platform, engine } = options
    this.actions = {
      ...actions,
      pauseAll: () => engine.pauseAll(),
      resumeAll: () => engine.resumeAll(),
    }
    this.tray = electron.createTray(this.image('ok'))
    this.status = 'ok'
    // Windows and most Linux trays open the menu on right-click; a left-click opens the window.
    // macOS opens the menu on any click, so there the menu's first item does it.
    if (platform !== 'darwin') this.tray.on('click', () => actions.open())
    this.refreshNow()
  }

  /** Schedules a refresh; many calls within TRAY_REFRESH_MS make one. */
  refresh(): void {
    if (this.disposed || this.timer !== undefined) return
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined
      this.refreshNow()
    }, TRAY_REFRESH_MS)
  }

  refreshNow(): void {
    if (this.disposed || this.tray.isDestroyed()) return
    const { engine, electron, platform, setBadgeCount } = this.options
    const views = engine.listSources()
    const unread = engine.unreadNotificationCount()
    const latest = engine.listNotifications({ limit: TRAY_NOTIFICATIONS })
    const model = trayMenuModel(views, latest, unread)
    if (model.status !== this.status) {
      this.tray.setImage(this.image(model.status))
      this.status = model.status
    }
    this.tray.setToolTip(trayTooltip(views, unread))
    // The macOS menu bar has no visible tooltip: the unread count sits beside the icon instead.
    if (platform === 'darwin') this.tray.setTitle(unread > 0 ? String(unread) : '')
    this.tray.setContextMenu(electron.buildMenu(trayMenuTemplate(model, this.actions)))
    setBadgeCount?.(unread)
  }

  get currentStatus(): TrayStatus | undefined {
    return this.status
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.options.clock.clearTimeout(this.timer)
    if (!this.tray.isDestroyed()) this.tray.destroy()
  }

  private image(status: TrayStatus): NativeImage {
    const { electron, iconDir, platform } = this.options
    const image = electron.imageFromPath(trayIconPath(iconDir, status, platform))
    // Template images are drawn in black with alpha; macOS recolours them for the menu bar.
    if (platform === 'darwin') image.setTemplateImage(true)
    return image
  }
}
