/**
 * Ports between the trigger engine (which produces notifications, firings and counters) and
 * history (which keeps them across restarts). The trigger engine depends only on these
 * interfaces; the in-memory versions serve tests and runs without history, the SQLite versions
 * (main/services/history) serve the app.
 */

import type { NotificationView, TriggerCounters, TriggerFiring } from '../../../shared/domain'

export type NotificationDraft = Omit<NotificationView, 'id' | 'read'>

export interface NotificationQuery {
  limit?: number
  /** Only notifications with an id below this (paging, newest first). */
  beforeId?: number
  triggerId?: string
  sourceId?: string
  unreadOnly?: boolean
}

/** Which notifications an unread count counts: every one, or a trigger's, or a source's. */
export type UnreadQuery = Pick<NotificationQuery, 'triggerId' | 'sourceId'>

export interface NotificationLog {
  /** Stores a notification and gives it its id. */
  add(draft: NotificationDraft): NotificationView
  /** Newest first. */
  list(query?: NotificationQuery): NotificationView[]
  /** Marks notifications read; answers how many changed. */
  markRead(ids: readonly number[] | 'all'): number
  /** Marks notifications unread again; answers how many changed. */
  markUnread(ids: readonly number[]): number
  unreadCount(query?: UnreadQuery): number
}

/**
 * The keys naming notifications on every host of a cluster (cluster-notifications.ts), kept with
 * them so that their shared read state follows them: in history for as long as the notification
 * (SqliteNotificationLog), or in memory for the newest few (MemoryNotificationKeys).
 */
export interface NotificationKeys {
  /** Names notification `id` by `key`. */
  setKey(id: number, key: string): void
  /** The notification `key` names here, if any. */
  idOfKey(key: string): number | undefined
  /** The keys of those of `ids` that have one. */
  keysOf(ids: readonly number[]): Map<number, string>
}

/** The newest `capacity` keys in memory, for runs without history; the oldest go first. */
export class MemoryNotificationKeys implements NotificationKeys {
  private readonly keyOf = new Map<number, string>()
  private readonly idOf = new Map<string, number>()

  constructor(private readonly capacity = 50_000) {}

  setKey(id: number, key: string): void {
    this.keyOf.set(id, key)
    this.idOf.set(key, id)
    if (this.keyOf.size <= this.capacity) return
    const [oldestId, oldestKey] = this.keyOf.entries().next().value!
    this.keyOf.delete(oldestId)
    if (this.idOf.get(oldestKey) === oldestId) this.idOf.delete(oldestKey)
  }

  idOfKey(key: string): number | undefined {
    return this.idOf.get(key)
  }

  keysOf(ids: readonly number[]): Map<number, string> {
    const keys = new Map<number, string>()
    for (const id of ids) {
      const key = this.keyOf.get(id)
      if (key !== undefined) keys.set(id, key)
    }
    return keys
  }
}

export interface FiringLog {
  record(firing: TriggerFiring): void
}

export interface TriggerCounterStore {
  load(): Record<string, TriggerCounters>
  /** Called with the counters that changed; implementations may write them in batches. */
  save(counters: Record<string, TriggerCounters>): void
}

/** Bounded in-memory notifications, for tests and runs without history. */
export class MemoryNotificationLog implements NotificationLog {
  private items: NotificationView[] = []
  private nextId = 1

  constructor(private readonly capacity = 10_000) {}

  add(draft: NotificationDraft): NotificationView {
    const notification: NotificationView = { ...draft, id: this.nextId++, read: false }
    this.items.push(notification)
    if (this.items.length > this.capacity) this.items.shift()
    return notification
  }

  list(query: NotificationQuery = {}): NotificationView[] {
    const out: NotificationView[] = []
    const limit = query.limit ?? 100
    for (let i = this.items.length - 1; i >= 0 && out.length < limit; i--) {
      const n = this.items[i]!
      if (query.beforeId !== undefined && n.id >= query.beforeId) continue
      if (query.triggerId !== undefined && n.triggerId !== query.triggerId) continue
      if (query.sourceId !== undefined && n.sourceId !== query.sourceId) continue
      if (query.unreadOnly && n.read) continue
      out.push(n)
    }
    return out
  }

  markRead(ids: readonly number[] | 'all'): number {
    return this.mark(ids === 'all' ? null : new Set(ids), true)
  }

  markUnread(ids: readonly number[]): number {
    return this.mark(new Set(ids), false)
  }

  private mark(wanted: ReadonlySet<number> | null, read: boolean): number {
    let changed = 0
    this.items = this.items.map((n) => {
      if (n.read === read || (wanted && !wanted.has(n.id))) return n
      changed++
      return { ...n, read }
    })
    return changed
  }

  unreadCount(query: UnreadQuery = {}): number {
    return this.items.reduce(
      (count, n) =>
        count +
        (!n.read &&
        (query.triggerId === undefined || n.triggerId === query.triggerId) &&
        (query.sourceId === undefined || n.sourceId === query.sourceId)
          ? 1
          : 0),
      0,
    )
  }
}

export class MemoryFiringLog implements FiringLog {
  readonly firings: TriggerFiring[] = []
  constructor(private readonly capacity = 10_000) {}
  record(firing: TriggerFiring): void {
    this.firings.push(firing)
    if (this.firings.length > this.capacity) this.firings.shift()
  }
}

export class MemoryCounterStore implements TriggerCounterStore {
  private stored: Record<string, TriggerCounters> = {}
  load(): Record<string, TriggerCounters> {
    return structuredClone(this.stored)
  }
  save(counters: Record<string, TriggerCounters>): void {
    this.stored = { ...this.stored, ...structuredClone(counters) }
  }
}
