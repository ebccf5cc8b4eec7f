import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import type { EventBatch, VigilEvent } from '../../shared/domain'
import * as api from '../api'
import { errorMessage } from '../api-error'
import {
  emptyFilter,
  eventMatcher,
  filtersContent,
  type LiveEventFilter,
} from '../lib/event-filter'
import { eventSize } from '../lib/event-text'
import { mergeNewest, newestFirst, type ByteBound } from '../lib/event-window'
import { createMirror, pushFeed } from './mirror'
import { useSourcesStore } from './sources'

/** Events the live list holds; older ones live on in the engine's buffers and history. */
export const LIVE_WINDOW = 2_000
/**
 * ...and at most this much payload JSON: a stream of megabyte events would otherwise keep
 * gigabytes in the page (the engine's batches are bounded in bytes, the window in count alone).
 */
export const LIVE_WINDOW_BYTES = 32 * 1024 * 1024
const WINDOW_BYTES: ByteBound = { maxBytes: LIVE_WINDOW_BYTES, sizeOf: eventSize }

export type { LiveEventFilter } from '../lib/event-filter'

/** How many newer events wait above a held list; `exact` is false when some could not be told apart. */
export interface NewerCount {
  count: number
  exact: boolean
}

/** Where the counts stood when the list began to hold still. */
interface HoldStart {
  total: number
  /** Each source's event counter then, to count one source's arrivals exactly. */
  bySource: ReadonlyMap<string, number>
}

/**
 * The recent events, newest first, in a bounded window. The window is a shallowRef replaced once
 * per batch (at most 20 a second): thousands of events must not become deep reactive proxies, and
 * the list must not re-render once per event.
 *
 * The list holds still while the reader looks at it (B5): paused, an event selected, or the list
 * scrolled down or focused. Arrivals then wait aside and `newer` says how many there are, counted
 * under the current filter (B14), until the reader jumps to the newest.
 */
export const useLiveEventsStore = defineStore('live-events', () => {
  const sources = useSourcesStore()
  const events = shallowRef<readonly VigilEvent[]>([])
  /**
   * Every event this window has learnt of: the recent events it loaded at start (and after a
   * reconnect) plus every event the engine reported since, including ones a burst left out.
   */
  const totalReceived = ref(0)
  /** Events a burst left out of the batches (still in the engine's buffers and history). */
  const droppedInTransit = ref(0)
  /** Paused by the user with the Pause button (the sidebar marks it on every page). */
  const paused = ref(false)
  /** The list view holds still: it is scrolled down, or the keyboard focus is in it. */
  const viewHeld = ref(false)
  const filter = reactive<LiveEventFilter>(emptyFilter())
  /** Kept by value, so the details stay put when the event scrolls out of the window. */
  const selected = shallowRef<VigilEvent | null>(null)
  /** Why an event asked for by id (`#/events?event=<id>`) could not be shown. */
  const focusError = ref<string | null>(null)

  /** Whether arrivals wait aside rather than join the list. */
  const held = computed(() => paused.value || viewHeld.value || selected.value !== null)

  // Arrivals while held, newest first and bounded like the window itself. Not reactive (only the
  // count shows until the list moves on); `pendingVersion` tells the count to look again.
  let pending: VigilEvent[] = []
  const pendingVersion = ref(0)
  const holdStart = shallowRef<HoldStart | null>(null)

  const visible = computed<readonly VigilEvent[]>(() => {
    const matches = eventMatcher(filter)
    return matches ? events.value.filter(matches) : events.value
  })

  /**
   * The newer events waiting, under the current filter. A source's (or every source's) count is
   * exact, from the engine's counters, even for events a burst left out of the batches; a type or
   * text filter can only be tested on the events that travelled, so then it may be a floor.
   */
  const newer = computed<NewerCount>(() => {
    void pendingVersion.value
    const start = holdStart.value
    if (!start) return { count: 0, exact: true }
    const arrived = totalReceived.value - start.total
    if (!filtersContent(filter)) {
      if (!filter.source) return { count: arrived, exact: true }
      const now = sources.byId.get(filter.source)?.counters.events
      const before = start.bySource.get(filter.source)
      if (now !== undefined && before !== undefined)
        return { count: Math.max(0, now - before), exact: true }
    }
    const matches = eventMatcher(filter)
    const count = matches ? pending.filter(matches).length : pending.length
    return { count, exact: pending.length >= arrived }
  })

  function beginHold(): void {
    if (holdStart.value) return
    const bySource = new Map<string, number>()
    for (const view of sources.byId.values()) bySource.set(view.id, view.counters.events)
    holdStart.value = { total: totalReceived.value, bySource }
  }

  /** Shows what waited, once nothing holds the list any more. */
  function release(): void {
    if (held.value) return
    if (pending.length > 0)
      events.value = mergeNewest(pending, events.value, LIVE_WINDOW, WINDOW_BYTES)
    pending = []
    holdStart.value = null
    pendingVersion.value++
  }

  function applyBatch(batch: EventBatch): void {
    const arrived = batch.events.length + batch.dropped
    if (arrived === 0) return
    totalReceived.value += arrived
    droppedInTransit.value += batch.dropped
    if (held.value) {
      const incoming = newestFirst(batch.events)
      pending = mergeNewest(incoming, pending, LIVE_WINDOW, WINDOW_BYTES)
      pendingVersion.value++
    } else if (batch.events.length > 0) {
      events.value = mergeNewest(newestFirst(batch.events), events.value, LIVE_WINDOW, WINDOW_BYTES)
    }
  }

  /**
   * Fills the window from the engine's recent events, batches first so none is lost at start-up.
   * Batches that came in while the request was out overlap the snapshot; merging by id drops the
   * duplicates.
   */
  const { loadError, refresh, start } = createMirror<VigilEvent[]>({
    fetch: () => api.recentEvents({ limit: LIVE_WINDOW }),
    applySnapshot: (snapshot) => {
      // Events already here were counted when their batch came; the rest are news to this window
      // (the ones before it opened, or the gap while the bridge was down).
      const known = new Set<number>()
      for (const event of events.value) known.add(event.id)
      for (const event of pending) known.add(event.id)
      totalReceived.value += snapshot.reduce((n, event) => n + (known.has(event.id) ? 0 : 1), 0)
      if (held.value) {
        // The visible list stays still; what it lacks waits with the other arrivals.
        const newestShown = events.value[0]?.id ?? -Infinity
        const missing = snapshot.filter((event) => event.id > newestShown)
        pending = mergeNewest(pending, missing, LIVE_WINDOW, WINDOW_BYTES)
        pendingVersion.value++
      } else {
        events.value = mergeNewest(events.value, snapshot, LIVE_WINDOW, WINDOW_BYTES)
      }
    },
    feeds: () => [pushFeed(api.onEventBatch, applyBatch)],
  })

  function pause(): void {
    beginHold()
    paused.value = true
  }

  /** Back to the live list: unpaused, nothing selected, everything that waited shown. */
  function jumpToNewest(): void {
    paused.value = false
    viewHeld.value = false
    select(null)
    release()
  }

  function togglePause(): void {
    if (paused.value) jumpToNewest()
    else pause()
  }

  /** The list view says whether it is scrolled down or focused. */
  function setViewHeld(hold: boolean): void {
    if (hold) beginHold()
    viewHeld.value = hold
    release()
  }

  /**
   * The reader left the page: what only the view held (a selection, a scroll) is let go, so coming
   * back shows the newest events. A pause stays (the sidebar marks it).
   */
  function leaveView(): void {
    viewHeld.value = false
    select(null)
    release()
  }

  function select(event: VigilEvent | null): void {
    if (event) beginHold()
    selected.value = event
    focusError.value = null
    release()
  }

  /**
   * Selects the event with this id (a notification's event, say): from the window if it is
   * there, else from history.
   */
  async function focusEvent(id: number): Promise<void> {
    if (selected.value?.id === id) return
    const near = events.value.find((event) => event.id === id) ?? pending.find((e) => e.id === id)
    if (near) return select(near)
    try {
      // History pages newest first below `before`: the first event below id + 1 is id itself.
      const [found] = (await api.searchEvents({ before: id + 1, limit: 1 })).events
      if (found?.id === id) return select(found)
      focusError.value = `Event ${id} is not in history: it may be older than the retention period.`
    } catch (error) {
      focusError.value = `Could not load event ${id}: ${errorMessage(error)}`
    }
  }

  function clearFilter(): void {
    Object.assign(filter, emptyFilter())
  }

  return {
    events,
    totalReceived,
    droppedInTransit,
    paused,
    held,
    newer,
    filter,
    selected,
    loadError,
    focusError,
    visible,
    start,
    refresh,
    pause,
    jumpToNewest,
    togglePause,
    setViewHeld,
    leaveView,
    select,
    focusEvent,
    clearFilter,
  }
})
