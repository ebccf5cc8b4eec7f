import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { CatalogueEntry } from '../../shared/catalogue'
import type { EventQuery, VigilEvent } from '../../shared/domain'
import type { PresetDescriptor } from '../../shared/preset-descriptor'
import type { TriggerConfigInput, TriggerDraftInput } from '../../shared/trigger-config'
import type {
  BacktestOptions,
  BacktestReport,
  NearMiss,
  NearMissReport,
  TriggerView,
} from '../../shared/trigger-views'
import * as api from '../api'
import { jsonEqual } from '../../shared/utils/json-equal'
import { useItemActions } from '../lib/item-actions'
import { createMirror, pushFeed } from './mirror'

/** The field catalogue changes slowly; it is fetched this often while a page watches it. */
export const CATALOGUE_POLL_MS = 30_000

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

/**
 * Mirrors the engine's triggers with their counters: a snapshot, then the engine's pushes
 * (`trigger:changed` once a second with the triggers whose settings or counters moved,
 * `trigger:removed`). This store's own calls apply their answers at once too.
 */
export const useTriggersStore = defineStore('triggers', () => {
  const byId = shallowRef<ReadonlyMap<string, TriggerView>>(new Map())
  /** Triggers with a switch, snooze or delete call in flight, and the last one's failure. */
  const { busy, actionError, run, dismissActionError } = useItemActions(
    (id) => byId.value.get(id)?.name ?? id,
  )
  /** The engine's field catalogue: suggestions for the builder and drift warnings. */
  const catalogue = shallowRef<readonly CatalogueEntry[]>([])
  /** The presets' descriptors: event types and fields known before any event arrives. */
  const presets = shallowRef<readonly PresetDescriptor[]>([])

  const list = computed(() =>
    [...byId.value.values()].sort(
      (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
    ),
  )

  function upsert(view: TriggerView): void {
    byId.value = new Map(byId.value).set(view.id, view)
  }

  function upsertAll(views: readonly TriggerView[]): void {
    const next = new Map(byId.value)
    for (const view of views) next.set(view.id, view)
    byId.value = next
  }

  /** Fetches the catalogue; a failure leaves the last one (suggestions are a help, not a need). */
  async function refreshCatalogue(): Promise<void> {
    try {
      catalogue.value = await api.getCatalogue()
    } catch (error) {
      console.warn(`field catalogue unavailable: ${messageOf(error)}`)
    }
  }

  async function loadPresets(): Promise<void> {
    try {
      presets.value = await api.listPresets()
    } catch (error) {
      console.warn(`preset descriptors unavailable: ${messageOf(error)}`)
    }
  }

  function removeLocally(id: string): void {
    if (!byId.value.has(id)) return
    const next = new Map(byId.value)
    next.delete(id)
    byId.value = next
  }

  /** Snapshot and pushes; the catalogue and the presets load beside the first snapshot. */
  const { loaded, loadError, refresh, start } = createMirror<TriggerView[]>({
    fetch: () => api.listTriggers(),
    applySnapshot: (views) => {
      // A view that did not change keeps its identity, so its row does not re-render.
      const previous = byId.value
      byId.value = new Map(
        views.map((view) => {
          const old = previous.get(view.id)
          return [view.id, old && jsonEqual(old, view) ? old : view]
        }),
      )
    },
    feeds: () => [
      pushFeed(api.onTriggersChanged, upsertAll),
      pushFeed(api.onTriggerRemoved, ({ id }) => removeLocally(id)),
    ],
    onReconnect: () => void refreshCatalogue(),
    onStart: () => {
      void refreshCatalogue()
      void loadPresets()
    },
  })

  let watchers = 0
  let pollTimer: ReturnType<typeof setInterval> | undefined

  /**
   * Keeps the field catalogue fresh while the caller shows suggestions or drift warnings (it has
   * no push: it changes slowly); call the answer to stop.
   */
  function watchCatalogue(): () => void {
    watchers++
    pollTimer ??= setInterval(() => void refreshCatalogue(), CATALOGUE_POLL_MS)
    let stopped = false
    return () => {
      if (stopped) return
      stopped = true
      if (--watchers === 0 && pollTimer !== undefined) {
        clearInterval(pollTimer)
        pollTimer = undefined
      }
    }
  }

  function runAction(id: string, call: () => Promise<TriggerView | null>): Promise<boolean> {
    return run(id, async () => {
      const view = await call()
      if (view) upsert(view)
      else removeLocally(id)
    })
  }

  const setEnabled = (id: string, enabled: boolean): Promise<boolean> =>
    runAction(id, () => api.setTriggerEnabled(id, enabled))
  /** `until` in epoch ms; null ends the snooze. */
  const snooze = (id: string, until: number | null): Promise<boolean> =>
    runAction(id, () => api.snoozeTrigger(id, until))
  const remove = (id: string): Promise<boolean> =>
    runAction(id, async () => {
      await api.removeTrigger(id)
      return null
    })

  /** Saves a trigger; throws the ApiError (with issues per path) for the builder to show. */
  async function save(trigger: TriggerConfigInput): Promise<TriggerView> {
    const view = await api.saveTrigger(trigger)
    upsert(view)
    return view
  }

  const backtest = (
    draft: TriggerDraftInput,
    limit: number,
    options?: BacktestOptions,
  ): Promise<BacktestReport> => api.backtestTrigger(draft, limit, options)
  const nearMisses = (id: string): Promise<NearMiss[]> => api.triggerNearMisses(id)
  /** "Why didn't it fire": the near-misses and a summary per condition. */
  const nearMissReport = (id: string): Promise<NearMissReport> => api.triggerNearMissReport(id)
  /** Recent events, for the builder's suggestions and previews. */
  const sampleEvents = (query: EventQuery): Promise<VigilEvent[]> => api.recentEvents(query)

  return {
    byId,
    loaded,
    loadError,
    busy,
    actionError,
    list,
    catalogue,
    presets,
    start,
    refresh,
    refreshCatalogue,
    watchCatalogue,
    setEnabled,
    snooze,
    remove,
    save,
    backtest,
    nearMisses,
    nearMissReport,
    sampleEvents,
    dismissActionError,
  }
})
