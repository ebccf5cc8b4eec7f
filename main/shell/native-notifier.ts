/**
 * The Notifier port (main/services/notify/notifier.ts) with Electron's native notifications.
 * The engine has already stored the notification; this only decides whether and how the OS
 * shows it, and reports what the user did with it:
 *
 * - click: `onDidActivate` (the shell shows the window on that notification's event);
 * - "Snooze 1 h" / "Mute trigger" buttons, where the OS has them: the trigger controls.
 *
 * Electron drops a notification's handlers when the object is garbage-collected, so the ones on
 * screen are kept referenced until they close (bounded, oldest forgotten first). On Windows a toast
 * that times out closes into the Action Center, where it can still be clicked: it stays referenced.
 */

import type { NotificationCloseEventParams, NotificationConstructorOptions } from 'electron'
import type { NotificationView } from '../../shared/domain'
import type { ShellPreferences } from '../../shared/preferences-shell'
import type { TriggerTogglesPort } from '../services/engine-ports'
import type { Notifier } from '../services/notify/notifier'
import { Emitter } from '../../shared/utils/emitter'
import type { Logger } from '../services/util/logger'
import {
  nativeNotificationOptions,
  NOTIFICATION_ACTIONS,
  platformSupportsActions,
  shouldShowNatively,
  SNOOZE_MS,
} from './notification-options'
import { errorText } from '../../shared/utils/error-text'

/** The part of an Electron Notification this module uses. */
export interface NativeNotification {
  on(event: 'click' | 'show', listener: () => void): unknown
  /** `reason` on Windows only; `timedOut` moves the toast to the Action Center. */
  on(event: 'close', listener: (details: NotificationCloseEventParams) => void): unknown
  on(event: 'action', listener: (event: unknown, actionIndex: number) => void): unknown
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown
  show(): void
}

export interface NotificationClass {
  new (options: NotificationConstructorOptions): NativeNotification
  isSupported(): boolean
}

export interface NativeNotifierOptions {
  Notification: NotificationClass
  platform: NodeJS.Platform
  preferences: () => Pick<ShellPreferences, 'doNotDisturb' | 'notificationSound'>
  /**
   * What the buttons act on: the engine, read when one is pressed (the notifier is built before
   * the engine, which exists by the time a notification can be shown). Absent: no buttons.
   */
  triggers?: () => TriggerTogglesPort | undefined
  /** The app icon (PNG) for Linux and Windows notifications. */
  icon?: string
  now: () => number
  logger: Logger
}

const MAX_LIVE = 50

export class NativeNotifier implements Notifier {
  private readonly live = new Set<NativeNotification>()
  private readonly activated = new Emitter<NotificationView>()
  /** The user clicked a notification. */
  readonly onDidActivate = this.activated.event

  constructor(private readonly options: NativeNotifierOptions) {}

  show(notification: NotificationView): void {
    const { Notification, platform, preferences, triggers, icon, logger } = this.options
    if (!shouldShowNatively(notification, preferences())) return
    if (!Notification.isSupported()) return
    const withActions = triggers !== undefined && platformSupportsActions(platform)
    const native = new Notification(
      nativeNotificationOptions(notification, {
        platform,
        preferences: preferences(),
        withActions,
        ...(icon ? { icon } : {}),
      }),
    )
    const forget = () => this.live.delete(native)
    native.on('click', () => {
      forget()
      this.activated.fire(notification)
    })
    native.on('action', (_event, actionIndex) => {
      forget()
      void this.runAction(notification, actionIndex)
    })
    // Timed out: gone from the screen but waiting in the Action Center, its click and buttons
    // still to come. Only MAX_LIVE pushes it out then (Windows does not say when it is cleared).
    native.on('close', (details) => {
      if (details.reason !== 'timedOut') forget()
    })
    native.on('failed', (_event, error) => {
      forget()
      logger.warn(`the OS refused notification ${notification.id}: ${error}`)
    })
    this.live.add(native)
    if (this.live.size > MAX_LIVE) this.live.delete(this.live.values().next().value!)
    native.show()
  }

  /** Notifications on screen that can still be clicked. */
  get liveCount(): number {
    return this.live.size
  }

  dispose(): void {
    this.live.clear()
    this.activated.dispose()
  }

  private async runAction(notification: NotificationView, actionIndex: number): Promise<void> {
    const { triggers, now, logger } = this.options
    const action = NOTIFICATION_ACTIONS[actionIndex]
    if (!triggers || !action) return
    const { triggerId } = notification
    try {
      if (action.id === 'snooze') await triggers()?.snoozeTrigger(triggerId, now() + SNOOZE_MS)
      else await triggers()?.setTriggerEnabled(triggerId, false)
      logger.info(`${action.id === 'snooze' ? 'snoozed' : 'muted'} trigger "${triggerId}"`)
    } catch (error) {
      logger.warn(`could not ${action.id} trigger "${triggerId}": ${errorText(error)}`)
    }
  }
}
