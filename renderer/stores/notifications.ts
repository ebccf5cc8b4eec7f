import { defineStore } from 'pinia'
import { computed, reactive, shallowRef, watch } from 'vue'
import type { NotificationView } from '../../shared/domain'
import type { Events } from '../../shared/ipc'
import type { NotificationListQuery, UnreadCountQuery } from '../../shared/trigger-views'
import { errorText } from '../../shared/utils/error-text'
import * as api from '../api'
import { sharedSoundPlayer, type SoundPlayer } from '../lib/sound-player'
import { createMirror, pushFeed, snapshotPart } from './mirror'
import { useSettingsStore } from './settings'

/** Notifications fetched per page (the list loads older ones on demand). */
export const PAGE_SIZE = 200
/**
 * The most notifications pushes keep listed (a few pages): beyond it each push drops the oldest,
 * and `loadMore` fetches them again.
 */
export const MAX_LISTED = PAGE_SIZE * 5

/** The most ids one `notification:mark-read` call takes (its schema's limit). */
const MARK_READ_BATCH = 10_000

export interface NotificationFilter {
  /** A trigger id, or '' for every trigger. */
  triggerId: string
  /** A source id, or '' for every source. */
  sourceId: string
  unreadOnly: boolean
}

let player: SoundPlayer | undefined

/**
 * The notification history (newest first, a page at a time), the unread count for the nav badge
 * (`unread`, every notification) and for the list's header (`unreadHere`, the trigger and source
 * filtered on), and the `sound:play` cues. Pushes keep it current: `notification:fired` adds one,
 * `notification:read` and `notification:unread` (from any window, with the engine's count) mark
 * them read or unread.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const settings = useSettingsStore()
  const items = shallowRef<readonly NotificationView[]>([])
  const unread = shallowRef(0)
  const filter = reactive<NotificationFilter>({ triggerId: '', sourceId: '', unreadOnly: false })
  /** False once a page came back shorter than asked: nothing older is left. */
  const hasMore = shallowRef(false)
  const loadingMore = shallowRef(false)
  const actionError = shallowRef<string | null>(null)

  const filtered = computed(
    () => filter.triggerId !== '' || filter.sourceId !== '' || filter.unreadOnly,
  )
  /** Filtered on a trigger or a source: the header counts only theirs (B9). */
  const scoped = computed(() => filter.triggerId !== '' || filter.sourceId !== '')
  /** The unread count of the trigger and source filtered on. */
  const scopedUnread = shallowRef(0)
  const unreadHere = computed(() => (scoped.value ? scopedUnread.value : unread.value))

  function query(extra: NotificationListQuery = {}): NotificationListQuery {
    const q: NotificationListQuery = { limit: PAGE_SIZE, ...extra }
    if (filter.triggerId) q.triggerId = filter.triggerId
    if (filter.sourceId) q.sourceId = filter.sourceId
    if (filter.unreadOnly) q.unreadOnly = true
    return q
  }

  function inScope(n: NotificationView): boolean {
    return (
      (!filter.triggerId || n.triggerId === filter.triggerId) &&
      (!filter.sourceId || n.sourceId === filter.sourceId)
    )
  }

  function matchesFilter(n: NotificationView): boolean {
    return inScope(n) && (!filter.unreadOnly || !n.read)
  }

  function scopeQuery(): UnreadCountQuery {
    return {
      ...(filter.triggerId ? { triggerId: filter.triggerId } : {}),
      ...(filter.sourceId ? { sourceId: filter.sourceId } : {}),
    }
  }

  let scopeSeq = 0
  /** The filtered count from the engine, after a push that may have changed it out of sight. */
  async function refreshScoped(): Promise<void> {
    if (!scoped.value) return
    const mine = ++scopeSeq
    try {
      const count = await api.unreadNotificationCount(scopeQuery())
      if (mine === scopeSeq) scopedUnread.value = count
    } catch {
      // The next snapshot or push tries again.
    }
  }

  /** How many pushes keep listed: MAX_LISTED, or as many as were paged back to since. */
  let room = MAX_LISTED

  function onFired(n: NotificationView): void {
    if (!n.read) unread.value++
    if (!n.read && scoped.value && inScope(n)) scopedUnread.value++
    if (!matchesFilter(n)) return
    const list = items.value
    // Newest first by id: one newer than the first cannot be listed already.
    const newest = list[0]
    if (newest && n.id <= newest.id && list.some((item) => item.id === n.id)) return
    if (list.length < room) {
      items.value = [n, ...list]
      return
    }
    items.value = [n, ...list.slice(0, room - 1)]
    hasMore.value = true
  }

  function applyRead(ids: readonly number[] | 'all'): void {
    const wanted = ids === 'all' ? null : new Set(ids)
    let changed = false
    const next = items.value.map((n) => {
      if (n.read || (wanted && !wanted.has(n.id))) return n
      changed = true
      return { ...n, read: true }
    })
    // "Unread only" lists unread ones: those read since leave the list.
    if (changed) items.value = filter.unreadOnly ? next.filter((n) => !n.read) : next
  }

  /** Counts `notification:read` pushes, for markRead to tell whether one came while it waited. */
  let readPushes = 0

  function onRead(read: Events['notification:read']): void {
    readPushes++
    applyRead(read.ids)
    unread.value = read.unread
    void refreshScoped()
  }

  function applyUnread(ids: readonly number[]): void {
    const wanted = new Set(ids)
    if (items.value.some((n) => n.read && wanted.has(n.id)))
      items.value = items.value.map((n) => (n.read && wanted.has(n.id) ? { ...n, read: false } : n))
  }

  function onUnread(change: Events['notification:unread']): void {
    readPushes++
    unread.value = change.unread
    // "Unread only" must now list them: only a snapshot has them.
    if (filter.unreadOnly) void refresh()
    else {
      applyUnread(change.ids)
      void refreshScoped()
    }
  }

  /**
   * The snapshot comes in two parts: the first page, then the unread counts. Answers and pushes
   * travel in order on one channel, so each answer already includes the pushes before it; later
   * pushes apply on top. So the counts are asked for once the page has applied, not beside it.
   */
  const { loaded, loadError, refresh, start, requested } = createMirror({
    fetch: () => api.listNotifications(query()),
    applySnapshot: (page) => {
      items.value = page
      room = MAX_LISTED
      hasMore.value = page.length === PAGE_SIZE
    },
    more: () => [
      snapshotPart(
        async () => {
          const count = await api.unreadNotificationCount()
          const here = scoped.value ? await api.unreadNotificationCount(scopeQuery()) : count
          return { count, here }
        },
        ({ count, here }) => {
          unread.value = count
          scopedUnread.value = here
        },
      ),
    ],
    feeds: () => [
      pushFeed(api.onNotificationFired, onFired),
      pushFeed(api.onNotificationRead, onRead),
      pushFeed(api.onNotificationUnread, onUnread),
    ],
    onStart: () => {
      player ??= sharedSoundPlayer()
      if (typeof window !== 'undefined') player.armOnFirstGesture(window)
      // Sounds are off in a window whose user turned them off (Settings).
      api.onSoundPlay((cue) => {
        if (settings.sounds === 'on') player?.play(cue.sound)
      })
      watch(filter, () => void refresh())
    },
  })

  async function loadMore(): Promise<void> {
    const oldest = items.value.at(-1)
    if (!oldest || !hasMore.value || loadingMore.value) return
    loadingMore.value = true
    const seq = requested()
    try {
      const page = await api.listNotifications(query({ beforeId: oldest.id }))
      if (seq !== requested()) return
      const known = new Set(items.value.map((n) => n.id))
      items.value = [...items.value, ...page.filter((n) => !known.has(n.id))]
      room = Math.max(room, items.value.length)
      hasMore.value = page.length === PAGE_SIZE
    } catch (error) {
      actionError.value = `Could not load older notifications: ${errorText(error)}`
    } finally {
      loadingMore.value = false
    }
  }

  /**
   * Marks read at once on screen; the engine's `notification:read` push confirms the count. If the
   * engine refuses, only what this call marked goes back to unread: notifications fired meanwhile
   * stay listed. After a read push or a snapshot meanwhile, the engine's state is the only truth:
   * re-snapshot.
   */
  async function markRead(ids: number[] | 'all'): Promise<void> {
    actionError.value = null
    const wanted = ids === 'all' ? null : new Set(ids)
    const marked = new Set(
      items.value.filter((n) => !n.read && (!wanted || wanted.has(n.id))).map((n) => n.id),
    )
    const subtracted = Math.min(unread.value, ids === 'all' ? unread.value : marked.size)
    // Every listed notification is in the filter's scope.
    const subtractedHere = Math.min(scopedUnread.value, marked.size)
    const pushesBefore = readPushes
    const seq = requested()
    applyRead(ids)
    unread.value -= subtracted
    scopedUnread.value -= subtractedHere
    try {
      await api.markNotificationsRead(ids)
    } catch (error) {
      actionError.value = `Could not mark as read: ${errorText(error)}`
      // Under "Unread only" the marked ones left the list: only a snapshot brings them back.
      if (readPushes !== pushesBefore || seq !== requested() || filter.unreadOnly) {
        void refresh()
        return
      }
      items.value = items.value.map((n) => (n.read && marked.has(n.id) ? { ...n, read: false } : n))
      unread.value += subtracted
      scopedUnread.value += subtractedHere
    }
  }

  /** Marks notifications unread again, at once on screen; the engine's push confirms the count. */
  async function markUnread(ids: number[]): Promise<void> {
    actionError.value = null
    const wanted = new Set(ids)
    const marked = items.value.filter((n) => n.read && wanted.has(n.id)).length
    applyUnread(ids)
    unread.value += marked
    scopedUnread.value += scoped.value ? marked : 0
    try {
      await api.markNotificationsUnread(ids)
    } catch (error) {
      actionError.value = `Could not mark as unread: ${errorText(error)}`
      void refresh()
    }
  }

  /**
   * Marks read what the filters show: everything unread without a trigger or source filter,
   * else the ids of every unread notification that matches (fetched page by page, since the
   * list may hold only the newest few pages).
   */
  async function markShownRead(): Promise<void> {
    if (!filter.triggerId && !filter.sourceId) return markRead('all')
    actionError.value = null
    const ids: number[] = []
    try {
      let beforeId: number | undefined
      for (;;) {
        const page = await api.listNotifications(
          query({ unreadOnly: true, ...(beforeId === undefined ? {} : { beforeId }) }),
        )
        ids.push(...page.filter((n) => !n.read && matchesFilter(n)).map((n) => n.id))
        const oldest = page.at(-1)
        if (page.length < PAGE_SIZE || !oldest) break
        beforeId = oldest.id
      }
    } catch (error) {
      actionError.value = `Could not mark as read: ${errorText(error)}`
      return
    }
    for (let i = 0; i < ids.length; i += MARK_READ_BATCH)
      await markRead(ids.slice(i, i + MARK_READ_BATCH))
  }

  function clearFilter(): void {
    filter.triggerId = ''
    filter.sourceId = ''
    filter.unreadOnly = false
  }

  function dismissActionError(): void {
    actionError.value = null
  }

  return {
    items,
    unread,
    unreadHere,
    filter,
    filtered,
    scoped,
    loaded,
    loadError,
    hasMore,
    loadingMore,
    actionError,
    start,
    refresh,
    loadMore,
    markRead,
    markUnread,
    markShownRead,
    clearFilter,
    dismissActionError,
  }
})

/** For tests: plays cues through `next` instead of the Web Audio player. */
export function setSoundPlayer(next: SoundPlayer | undefined): void {
  player = next
}
