import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import type { EventBatch, VigilEvent } from '../../shared/domain'
import * as api from '../api'
import { errorMessage } from '../api-error'
import { eventSize, searchText } from '../lib/event-text'
import { mergeNewest, newestFirst, type ByteBound } from '../lib/event-window'

/** Events the live list holds; older ones live on in the engine's buffers and history. */
export const LIVE_WINDOW = 2_000
/**
 * ...and at most this much payload JSON: a stream of megabyte events would otherwise keep
 * gigabytes in the page (the engine's batches are bounded in bytes, the window in count alone).
 */
export const LIVE_WINDOW_BYTES = 32 * 1024 * 1024
const WINDOW_BYTES: ByteBound = { maxBytes: LIVE_WINDOW_BYTES, sizeOf: eventSize }

export interface LiveEventFilter {
  /** A source id, or '' for every source. */
  source: string
  /** Part of the event type, any case; '' for every type. */
  type: string
  /** Part of the type or payload JSON, any case. */
  text: string
}

/**
 * The recent events, newest first, in a bounded window. The window is a shallowRef replaced once
 * per batch (at most 20 a second): thousands of events must not become deep reactive proxies, and
 * the list must not re-render once per event.
 */
export const useLiveEventsStore = defineStore('live-events', () => {
  const events = shallowRef<readonly VigilEvent[]>([])
  /**
   * Every event this window has learnt of: the recent events it loaded at start (and after a
   * reconnect) plus every event the engine reported since, including ones a burst left out.
   */
  const totalReceived = ref(0)
  /** Events a burst left out of the batches (still in the engine's buffers and history). */
  const droppedInTransit = ref(0)
  const paused = ref(false)
  /** Events that arrived while paused; the list shows them on resume. */
  const newWhilePaused = ref(0)
  const filter = reactive<LiveEventFilter>({ source: '', type: '', text: '' })
  /** Kept by value, so the details stay put when the event scrolls out of the window. */
  const selected = shallowRef<VigilEvent | null>(null)
  const loadError = ref<string | null>(null)
  /** Why an event asked for by id (`#/events?event=<id>`) could not be shown. */
  const focusError = ref<string | null>(null)

  // Arrivals while paused, newest first and bounded like the window itself. Not reactive: only
  // the count shows until resume.
  let pending: VigilEvent[] = []

  const visible = computed<readonly VigilEvent[]>(() => {
    const source = filter.source
    const type = filter.type.trim().toLowerCase()
    const text = filter.text.trim().toLowerCase()
    if (!source && !type && !text) return events.value
    return events.value.filter(
      (event) =>
        (!source || event.sourceId === source) &&
        (!type || event.type.toLowerCase().includes(type)) &&
        (!text || searchText(event).includes(text)),
    )
  })

  function applyBatch(batch: EventBatch): void {
    const arrived = batch.events.length + batch.dropped
    if (arrived === 0) return
    totalReceived.value += arrived
    droppedInTransit.value += batch.dropped
    if (batch.events.length === 0) {
      if (paused.value) newWhilePaused.value += arrived
      return
    }
    const incoming = newestFirst(batch.events)
    if (paused.value) {
      pending = mergeNewest(incoming, pending, LIVE_WINDOW, WINDOW_BYTES)
      newWhilePaused.value += arrived
    } else {
      events.value = mergeNewest(incoming, events.value, LIVE_WINDOW, WINDOW_BYTES)
    }
  }

  let snapshotSeq = 0

  /**
   * Fills the window from the engine's recent events. Batches that came in while the request was
   * out overlap the snapshot; merging by id drops the duplicates.
   */
  async function refresh(): Promise<void> {
    const seq = ++snapshotSeq
    try {
      const snapshot = await api.recentEvents({ limit: LIVE_WINDOW })
      if (seq !== snapshotSeq) return
      loadError.value = null
      // Events already here were counted when their batch came; the rest are news to this window
      // (the ones before it opened, or the gap while the bridge was down).
      const known = new Set<number>()
      for (const event of events.value) known.add(event.id)
      for (const event of pending) known.add(event.id)
      totalReceived.value += snapshot.reduce((n, event) => n + (known.has(event.id) ? 0 : 1), 0)
      if (paused.value) {
        // The visible list stays frozen; what it lacks waits with the other paused arrivals.
        const newestShown = events.value[0]?.id ?? -Infinity
        const missing = snapshot.filter((event) => event.id > newestShown)
        pending = mergeNewest(pending, missing, LIVE_WINDOW, WINDOW_BYTES)
      } else {
        events.value = mergeNewest(events.value, snapshot, LIVE_WINDOW, WINDOW_BYTES)
      }
    } catch (error) {
      if (seq !== snapshotSeq) return
      loadError.value = error instanceof Error ? error.message : String(error)
    }
  }

  let started = false

  /** Subscribes first, then fetches the snapshot, so no batch is lost at start-up. */
  function start(): Promise<void> {
    if (started) return Promise.resolve()
    started = true
    api.onEventBatch(applyBatch)
    api.onReconnect(() => void refresh())
    return refresh()
  }

  function pause(): void {
    paused.value = true
  }

  function resume(): void {
    if (!paused.value) return
    paused.value = false
    if (pending.length > 0)
      events.value = mergeNewest(pending, events.value, LIVE_WINDOW, WINDOW_BYTES)
    pending = []
    newWhilePaused.value = 0
  }

  function togglePause(): void {
    if (paused.value) resume()
    else pause()
  }

  function select(event: VigilEvent | null): void {
    selected.value = event
    focusError.value = null
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
    filter.source = ''
    filter.type = ''
    filter.text = ''
  }

  return {
    events,
    totalReceived,
    droppedInTransit,
    paused,
    newWhilePaused,
    filter,
    selected,
    loadError,
    focusError,
    visible,
    start,
    refresh,
    pause,
    resume,
    togglePause,
    select,
    focusEvent,
    clearFilter,
  }
})
