/**
 * The app's lifecycle around its one window: a second launch focuses the first, closing the
 * window hides it to the tray (a preference), quitting really quits, but only after the engine
 * has flushed and closed its sockets; so does the end of the Windows session (shutdown, log-off),
 * which Electron does not report as a quit. Notification clicks and opened files become pushes
 * the UI acts on (`ui:open-event`, `ui:open-file`).
 */

import { extname, resolve } from 'node:path'
import type { App, BrowserWindow } from 'electron'
import type { NotificationView } from '../../shared/domain'
import type { OpenedFileKind } from '../../shared/opened-file'
import type { ShellPreferences } from '../../shared/preferences-shell'
import type { PushMessage, ShellPort } from '../services/engine-ports'
import type { Clock } from '../services/util/clock'
import { Emitter } from '../../shared/utils/emitter'
import type { Logger } from '../services/util/logger'
import { errorText } from '../../shared/utils/error-text'

export type ShellApp = Pick<App, 'on' | 'quit'>
export type ShellWindow = Pick<
  BrowserWindow,
  'show' | 'hide' | 'focus' | 'restore' | 'isMinimized' | 'isDestroyed' | 'on'
>

export interface AppShellOptions {
  app: ShellApp
  window: ShellWindow
  preferences: () => Pick<ShellPreferences, 'closeToTray'>
  /** Everything that must happen before the process ends: flush, close sockets, save state. */
  shutdown: () => Promise<void>
  /** Reads a file the OS opened and holds it for the page: the engine. */
  files: Pick<ShellPort, 'openFile'>
  clock: Clock
  logger: Logger
}

/** A shutdown that takes longer than this is abandoned: quitting must never hang. */
export const SHUTDOWN_TIMEOUT_MS = 10_000

/** File types the packaged app is associated with (electron-builder.yml `fileAssociations`). */
export const FILE_KINDS: Record<string, OpenedFileKind> = {
  '.vigil': 'config',
  '.vigilrec': 'recording',
}

export class AppShell {
  private phase: 'running' | 'stopping' | 'stopped' = 'running'
  private readonly pushes = new Emitter<PushMessage>()
  /** Pushes for the page, alongside the engine's (the bridge queues them until it is ready). */
  readonly onDidPush = this.pushes.event

  constructor(private readonly options: AppShellOptions) {
    const { app, window } = options
    // A second launch (double-click, autostart, an opened file) lands here, in the first instance
    // (those during startup are collected by EarlyLaunches and handed to secondInstance).
    app.on('second-instance', (_event, argv, workingDirectory) =>
      this.secondInstance(argv, workingDirectory),
    )
    // macOS: clicking the dock icon with no visible window.
    app.on('activate', () => this.showWindow())
    // macOS delivers opened files as events, before or after ready.
    app.on('open-file', (event, path) => {
      event.preventDefault()
      void this.openFile(path)
    })
    app.on('before-quit', (event) => this.onBeforeQuit(event))
    app.on('window-all-closed', () => {
      // Without close-to-tray the window is the app, on every OS (macOS included: a monitor that
      // lingers with no window and no tray would only confuse).
      if (this.phase === 'running') app.quit()
    })
    window.on('close', (event) => {
      if (this.phase !== 'running' || !this.options.preferences().closeToTray) return
      event.preventDefault()
      window.hide()
    })
    // Windows ending the session (shutdown, restart, log-off) emits no before-quit: without these
    // the process is ended with history, the catalogue and recordings still buffered. The query
    // is held while the usual quit flushes; once the session ends for sure, the same quit starts
    // and gets what time Windows leaves it.
    window.on('query-session-end', (event) => {
      if (this.phase === 'stopped') return
      event.preventDefault()
      this.endSession(event.reasons)
    })
    window.on('session-end', (event) => this.endSession(event.reasons))
  }

  showWindow(): void {
    const { window } = this.options
    if (window.isDestroyed()) return
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  }

  /**
   * Another launch of Vigil with this profile: show the window and open the Vigil files it was
   * given. Relative paths are the second instance's, so they resolve in its working directory
   * (unknown, empty, when another user started it: the paths are then taken as they are).
   */
  secondInstance(argv: readonly string[], workingDirectory: string): void {
    this.showWindow()
    for (const path of filesToOpen(argv)) {
      void this.openFile(workingDirectory === '' ? path : resolve(workingDirectory, path))
    }
  }

  /** A notification was clicked (natively or in the tray): show the window on its event. */
  openNotification(notification: Pick<NotificationView, 'id' | 'eventId'>): void {
    this.showWindow()
    this.pushes.fire({
      channel: 'ui:open-event',
      payload: { eventId: notification.eventId, notificationId: notification.id },
    })
  }

  /**
   * The OS opened a file of an associated type: main reads it, and the UI, given only a token,
   * offers to import or replay it. Resolves once the push is sent.
   */
  async openFile(path: string): Promise<void> {
    const kind = FILE_KINDS[extname(path).toLowerCase()]
    if (!kind) {
      this.options.logger.warn(`ignored a request to open ${path}: not a Vigil file`)
      return
    }
    this.showWindow()
    const notice = await this.options.files.openFile(path, kind)
    this.pushes.fire({ channel: 'ui:open-file', payload: notice })
  }

  /** Quit for real (tray menu): the window closes even with close-to-tray on. */
  quit(): void {
    this.options.app.quit()
  }

  get quitting(): boolean {
    return this.phase !== 'running'
  }

  private endSession(reasons: readonly string[]): void {
    if (this.phase !== 'running') return
    this.options.logger.info(`the Windows session is ending (${reasons.join(', ')}): quitting`)
    this.quit()
  }

  private onBeforeQuit(event: { preventDefault(): void }): void {
    if (this.phase === 'stopped') return
    // Hold the quit until the engine has flushed; then quit again, for real.
    event.preventDefault()
    if (this.phase === 'stopping') return
    this.phase = 'stopping'
    const { shutdown, clock, logger, app } = this.options
    let finished = false
    const finish = () => {
      if (finished) return
      finished = true
      clock.clearTimeout(timer)
      this.phase = 'stopped'
      this.pushes.dispose()
      app.quit()
    }
    const timer = clock.setTimeout(() => {
      logger.warn(`shutdown did not finish within ${SHUTDOWN_TIMEOUT_MS} ms; quitting anyway`)
      finish()
    }, SHUTDOWN_TIMEOUT_MS)
    shutdown().then(finish, (error: unknown) => {
      logger.error(`shutdown failed: ${errorText(error)}`)
      finish()
    })
  }
}

/** Files named on a command line (Windows and Linux pass opened files as arguments). */
export function filesToOpen(argv: readonly string[]): string[] {
  return argv.filter((arg) => !arg.startsWith('-') && extname(arg).toLowerCase() in FILE_KINDS)
}
