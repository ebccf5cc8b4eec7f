import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { EventBatch, SourceView } from '../../shared/domain'
import * as api from '../api'

/**
 * Mirrors the engine's sources. The map is replaced, never mutated, on each change: a row whose
 * view object did not change keeps its identity, so Vue skips re-rendering it even when another
 * source's counters tick 20 times a second.
 */
export const useSourcesStore = defineStore('sources', () => {
  const byId = shallowRef<ReadonlyMap<string, SourceView>>(new Map())
  /** False until the first snapshot arrived: "loading" and "no sources" are different screens. */
  const loaded = shallowRef(false)
  const loadError = shallowRef<string | null>(null)
  /** Sources with a connect or disconnect call in flight. */
  const busy = shallowRef<ReadonlySet<string>>(new Set())
  const actionError = shallowRef<string | null>(null)

  const list = computed(() =>
    [...byId.value.values()].sort(
      (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
    ),
  )

  function upsert(view: SourceView): void {
    const next = new Map(byId.value)
    next.set(view.id, view)
    byId.value = next
  }

  function remove(id: string): void {
    if (!byId.value.has(id)) return
    const next = new Map(byId.value)
    next.delete(id)
    byId.value = next
  }

  function applyStats(batch: EventBatch): void {
    if (batch.stats.length === 0) return
    let next: Map<string, SourceView> | undefined
    for (const stats of batch.stats) {
      const view = (next ?? byId.value).get(stats.id)
      // A source we have not heard of yet arrives whole through `source:changed` or a snapshot.
      if (!view) continue
      next ??= new Map(byId.value)
      next.set(stats.id, {
        ...view,
        counters: stats.counters,
        lastEventAt: stats.lastEventAt,
        lastError: stats.lastError,
        eventsPerSecond: stats.eventsPerSecond,
      })
    }
    if (next) byId.value = next
  }

  let snapshotSeq = 0

  /**
   * Replaces the mirror with a fresh list. Pushes and answers travel in order on one channel, so
   * the snapshot already includes every push that came before it; later pushes apply on top.
   */
  async function refresh(): Promise<void> {
    const seq = ++snapshotSeq
    try {
      const views = await api.listSources()
      if (seq !== snapshotSeq) return
      byId.value = new Map(views.map((view) => [view.id, view]))
      loaded.value = true
      loadError.value = null
    } catch (error) {
      if (seq !== snapshotSeq) return
      loadError.value = error instanceof Error ? error.message : String(error)
    }
  }

  let started = false

  /** Subscribes first, then fetches the snapshot, so no push is lost at start-up. */
  function start(): Promise<void> {
    if (started) return Promise.resolve()
    started = true
    api.onSourceChanged(upsert)
    api.onSourceRemoved(({ id }) => remove(id))
    api.onEventBatch(applyStats)
    api.onReconnect(() => void refresh())
    return refresh()
  }

  async function runAction(id: string, call: (id: string) => Promise<SourceView>): Promise<void> {
    busy.value = new Set(busy.value).add(id)
    actionError.value = null
    try {
      upsert(await call(id))
    } catch (error) {
      const name = byId.value.get(id)?.name ?? id
      actionError.value = `${name}: ${error instanceof Error ? error.message : String(error)}`
    } finally {
      const next = new Set(busy.value)
      next.delete(id)
      busy.value = next
    }
  }

  const connect = (id: string): Promise<void> => runAction(id, api.connectSource)
  const disconnect = (id: string): Promise<void> => runAction(id, api.disconnectSource)

  function dismissActionError(): void {
    actionError.value = null
  }

  return {
    byId,
    loaded,
    loadError,
    busy,
    actionError,
    list,
    start,
    refresh,
    connect,
    disconnect,
    dismissActionError,
  }
})
