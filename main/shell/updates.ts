/**
 * Automatic updates, wired but off: nothing is checked unless `preferences.shell.updates.enabled`
 * is on, the app is packaged, and the build carries an update feed (`app-update.yml`, written by
 * electron-builder when electron-builder.yml has a `publish` entry; the repo ships none, see the
 * docs/contributing.md, "Updates"). electron-updater is loaded only then, so a default run never touches the network.
 * Updates download in the background and install on the next quit; macOS and Windows verify the
 * code signature of what they install.
 */

import type { ShellPreferences } from '../../shared/preferences-shell'
import type { Clock, TimerHandle } from '../services/util/clock'
import type { Logger } from '../services/util/logger'
import { errorText } from '../../shared/utils/error-text'

/** The part of electron-updater's AppUpdater used here. */
export interface Updater {
  channel: string | null
  allowPrerelease: boolean
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  checkForUpdatesAndNotify(): Promise<unknown>
}

export interface UpdatesOptions {
  preferences: () => Pick<ShellPreferences, 'updates'>
  isPackaged: boolean
  /** Whether `resources/app-update.yml` exists. */
  hasFeed: boolean
  load: () => Promise<Updater>
  clock: Clock
  logger: Logger
}

export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000

export class Updates {
  private updater: Promise<Updater> | undefined
  private timer: TimerHandle | undefined
  private disposed = false

  constructor(private readonly options: UpdatesOptions) {}

  /** Applies the current preference: starts or stops the periodic check. */
  apply(): void {
    const { preferences, isPackaged, hasFeed, clock, logger } = this.options
    const { enabled } = preferences().updates
    clock.clearTimeout(this.timer)
    this.timer = undefined
    if (!enabled || this.disposed) return
    if (!isPackaged || !hasFeed) {
      logger.info(
        isPackaged
          ? 'updates are enabled, but this build carries no update feed'
          : 'updates are enabled, but only packaged builds update themselves',
      )
      return
    }
    void this.check()
  }

  dispose(): void {
    this.disposed = true
    this.options.clock.clearTimeout(this.timer)
  }

  private async check(): Promise<void> {
    const { load, preferences, clock, logger } = this.options
    try {
      this.updater ??= load()
      const updater = await this.updater
      const { channel } = preferences().updates
      updater.channel = channel
      updater.allowPrerelease = channel !== 'latest'
      updater.autoDownload = true
      updater.autoInstallOnAppQuit = true
      await updater.checkForUpdatesAndNotify()
    } catch (error) {
      logger.warn(`update check failed: ${errorText(error)}`)
    }
    if (!this.disposed && preferences().updates.enabled)
      this.timer = clock.setTimeout(() => void this.check(), UPDATE_CHECK_INTERVAL_MS)
  }
}
