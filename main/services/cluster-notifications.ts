/**
 * Notifications once, everywhere (docs/cluster.md): a firing of this host's triggers is published
 * to the cluster; a firing another host published is stored here, shown (the `notification:fired`
 * push) and raised by this host's notifier; and read state is shared both ways, by the
 * notification's cluster key.
 *
 * The key is kept with the notification (`keys`: its history row, for as long as the
 * notification is kept; in memory, the newest 50 000, when there is no history). So a
 * notification stored before a restart still follows the other hosts' marks, and marks made on it
 * here still reach them. The shared read state's watch replays every current mark when the host
 * (re)joins, so marks made while it was away apply to what it stored; a firing that arrives after
 * its mark is stored read.
 */

import type { NotificationView } from '../../shared/domain'
import type {
  ClusterNode,
  ClusterNotification,
  ClusterNotificationDraft,
  ReadChange,
} from './cluster/cluster-port'
import type { NotificationKeys, NotificationLog } from './notify/notification-log'
import type { Notifier } from './notify/notifier'
import type { ReadStateChange } from './triggers/trigger-commands'
import type { Clock } from './util/clock'
import { errorText } from '../../shared/utils/error-text'
import type { Logger } from './util/logger'

export interface ClusterNotificationsOptions {
  cluster: ClusterNode
  log: NotificationLog
  /** Where each notification's cluster key is kept. */
  keys: NotificationKeys
  /** The UI's pushes for a notification shown and for read state changed here. */
  fired: (notification: NotificationView) => void
  read: (change: ReadStateChange) => void
  notifier?: Notifier
  clock: Clock
  logger: Logger
}

/** How far back an "all read" from another host looks for unread notifications here. */
const ALL_READ_SCAN = 10_000

export class ClusterNotifications {
  private readonly unsubscribes: (() => void)[]

  constructor(private readonly options: ClusterNotificationsOptions) {
    const { cluster } = options
    this.unsubscribes = [
      cluster.onDidReceiveNotification((notification) => this.received(notification)),
      cluster.onDidChangeReadState((change) => this.readElsewhere(change)),
    ]
  }

  /** A firing of this host's triggers: every other host shows it. */
  published(notification: NotificationView): void {
    const key = this.options.cluster.publishNotification(firing(notification))
    this.options.keys.setKey(notification.id, key)
  }

  /** Notifications marked (un)read here: the same on every host. */
  readHere(change: ReadStateChange): void {
    const changes: ReadChange[] =
      change.ids === 'all'
        ? [{ allFiredUpTo: this.options.clock.now() }]
        : [...this.options.keys.keysOf(change.ids).values()].map((key) => ({
            key,
            read: change.read,
          }))
    for (const readChange of changes)
      this.options.cluster
        .markRead(readChange)
        .catch((error: unknown) =>
          this.options.logger.warn(`cluster: read state not shared: ${errorText(error)}`),
        )
  }

  dispose(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe()
  }

  private received(notification: ClusterNotification): void {
    const { log, keys, cluster } = this.options
    if (keys.idOfKey(notification.key) !== undefined) return
    // The holder's event id means nothing here: 0, as for a firing with no event.
    let view = log.add({ ...firing(notification), eventId: 0 })
    keys.setKey(view.id, notification.key)
    // Marked read elsewhere before it reached this host (one that was away, say).
    if (cluster.isRead(notification.key, notification.firedAt)) {
      log.markRead([view.id])
      view = { ...view, read: true }
    }
    this.options.fired(view)
    this.options.notifier?.show(view)
  }

  private readElsewhere(change: ReadChange): void {
    const { log } = this.options
    let ids: number[]
    let read = true
    if ('key' in change) {
      const id = this.options.keys.idOfKey(change.key)
      if (id === undefined) return
      ids = [id]
      read = change.read
    } else {
      ids = log
        .list({ unreadOnly: true, limit: ALL_READ_SCAN })
        .filter((notification) => notification.firedAt <= change.allFiredUpTo)
        .map((notification) => notification.id)
    }
    if (ids.length === 0) return
    const changed = read ? log.markRead(ids) : log.markUnread(ids)
    if (changed === 0) return
    const unread = log.unreadCount()
    this.options.read(read ? { read, ids, unread } : { read, ids, unread })
  }
}

/** What a firing is on every host: the fields one host's ids and keys do not name. */
function firing(notification: ClusterNotificationDraft): ClusterNotificationDraft {
  const { triggerId, sourceId, title, body, urgency, firedAt } = notification
  return { triggerId, sourceId, title, body, urgency, firedAt }
}
