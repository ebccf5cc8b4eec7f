/**
 * The unread count in the window's (or browser tab's) title, "(3) Vigil", so it shows in the
 * task bar and among tabs while the window is elsewhere. The title the page started with is kept.
 */

import { watch, type WatchStopHandle } from 'vue'

export function titleWithUnread(base: string, unread: number): string {
  return unread > 0 ? `(${unread > 999 ? '999+' : unread}) ${base}` : base
}

export function watchUnreadTitle(
  unread: () => number,
  doc: Pick<Document, 'title'> = document,
): WatchStopHandle {
  const base = doc.title
  return watch(unread, (count) => (doc.title = titleWithUnread(base, count)), { immediate: true })
}
