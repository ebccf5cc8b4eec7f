/**
 * Repeats in the notification list become one row with a count: a run of notifications, next to
 * each other in the list (newest first), from the same trigger with the same title, all within
 * GROUP_WINDOW_MS of the run's newest. A group opens to show its members. A notification alone
 * is a group of one and shows as it always did.
 */

import type { NotificationView } from '../../shared/domain'

/** How far apart (from the group's newest) repeats may be and still be one row. */
export const GROUP_WINDOW_MS = 10 * 60_000

export interface NotificationGroup {
  /** The newest member's id: a group keeps its key as older members join it. */
  key: number
  /** Newest first; at least one. */
  items: NotificationView[]
  unread: number
}

export function groupNotifications(
  items: readonly NotificationView[],
  windowMs = GROUP_WINDOW_MS,
): NotificationGroup[] {
  const groups: NotificationGroup[] = []
  let current: NotificationGroup | null = null
  for (const n of items) {
    const head: NotificationView | undefined = current?.items[0]
    // Digests and deadline notices say something different each time: never folded.
    const repeat =
      current !== null &&
      head !== undefined &&
      n.kind === undefined &&
      head.kind === undefined &&
      n.triggerId === head.triggerId &&
      n.title === head.title &&
      head.firedAt - n.firedAt <= windowMs
    if (repeat && current) {
      current.items.push(n)
      if (!n.read) current.unread++
      continue
    }
    current = { key: n.id, items: [n], unread: n.read ? 0 : 1 }
    groups.push(current)
  }
  return groups
}

/** One row of the list: a group's head (or a notification alone), or a member shown under it. */
export type NotificationRow =
  | { kind: 'head'; key: string; group: NotificationGroup; notification: NotificationView }
  | { kind: 'member'; key: string; group: NotificationGroup; notification: NotificationView }

/** The rows to show, opened groups followed by their members (the head repeats the newest). */
export function rowsOf(
  groups: readonly NotificationGroup[],
  open: ReadonlySet<number>,
): NotificationRow[] {
  const rows: NotificationRow[] = []
  for (const group of groups) {
    rows.push({ kind: 'head', key: `g${group.key}`, group, notification: group.items[0]! })
    if (group.items.length > 1 && open.has(group.key))
      for (const n of group.items)
        rows.push({ kind: 'member', key: `m${n.id}`, group, notification: n })
  }
  return rows
}
