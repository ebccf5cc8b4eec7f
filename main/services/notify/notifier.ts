/**
 * How a notification reaches the user outside the app window. The Electron shell implements it
 * with native notifications; the headless host has none (its UI shows notifications from the
 * `notification:fired` push). The engine stores every notification whatever the notifier does.
 */

import type { NotificationView } from '../../../shared/domain'

export interface Notifier {
  show(notification: NotificationView): void
}

export const noopNotifier: Notifier = { show() {} }
