/**
 * How a Vigil notification becomes an OS notification on each platform. Pure, so the per-OS
 * mapping is tested without Electron.
 *
 * - Linux (libnotify): `urgency` is the freedesktop urgency hint, which notification daemons use
 *   for ordering and styling; critical notifications also never time out.
 * - Windows (toasts): `urgency` critical maps to an urgent toast, which also stays until dismissed.
 * - macOS: no urgency levels; low urgency is silent.
 */

import type { NotificationConstructorOptions } from 'electron'
import type { NotificationView } from '../../shared/domain'
import type { ShellPreferences } from '../../shared/preferences-shell'

/** Buttons on the notification, in the order Electron reports them as `actionIndex`. */
export const NOTIFICATION_ACTIONS = [
  { id: 'snooze', text: 'Snooze 1 h' },
  { id: 'mute', text: 'Mute trigger' },
] as const
export type NotificationActionId = (typeof NOTIFICATION_ACTIONS)[number]['id']

export const SNOOZE_MS = 60 * 60 * 1000

/**
 * Electron supports button actions on macOS (signed apps with the alert style, set in
 * electron-builder.yml) and Windows; Linux notifications get none.
 */
export function platformSupportsActions(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32'
}

/** Do-not-disturb holds everything back except critical notifications. */
export function shouldShowNatively(
  notification: Pick<NotificationView, 'urgency'>,
  preferences: Pick<ShellPreferences, 'doNotDisturb'>,
): boolean {
  return !preferences.doNotDisturb || notification.urgency === 'critical'
}

export interface NativeOptionsContext {
  platform: NodeJS.Platform
  preferences: Pick<ShellPreferences, 'notificationSound'>
  withActions: boolean
  icon?: string
}

/** Title and body are capped: OS notification centres truncate anyway, and some reject huge text. */
const TITLE_MAX = 200
const BODY_MAX = 1_000

export function nativeNotificationOptions(
  notification: NotificationView,
  { platform, preferences, withActions, icon }: NativeOptionsContext,
): NotificationConstructorOptions {
  const { urgency } = notification
  const options: NotificationConstructorOptions = {
    title: cap(notification.title, TITLE_MAX),
    body: cap(notification.body, BODY_MAX),
    silent: urgency === 'low' || !preferences.notificationSound,
  }
  if (platform === 'linux' || platform === 'win32') {
    options.urgency = urgency
    if (urgency === 'critical') options.timeoutType = 'never'
  }
  if (platform === 'darwin' || platform === 'win32') {
    // Notification Center and Action Center group by trigger, and can address each one by id.
    options.id = `vigil-notification-${notification.id}`
    options.groupId = `vigil-trigger-${notification.triggerId}`
  }
  // macOS always shows the app's own icon; elsewhere we pass ours.
  if (icon && platform !== 'darwin') options.icon = icon
  if (withActions)
    options.actions = NOTIFICATION_ACTIONS.map(({ text }) => ({ type: 'button', text }))
  return options
}

function cap(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
