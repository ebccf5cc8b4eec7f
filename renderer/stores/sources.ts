import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { EventBatch, SendReceipt, SourceView } from '../../shared/domain'
import type { PresetDescriptor } from '../../shared/preset-descriptor'
import type { RecordingInfo, ReplaySpeed } from '../../shared/recording'
import type { SourceTestReport, SourceTestRequest } from '../../shared/source-test'
import type { SourceTimelineEntry } from '../../shared/source-timeline'
import type { SourceConfig, SourceConfigInput } from '../../shared/source-config'
import { VIGIL_SOURCE_ID } from '../../shared/source-ids'
import * as api from '../api'
import { ApiError, errorMessage } from '../api-error'
import { useItemActions } from '../lib/item-actions'
import { recordRate, type RatePoint } from '../lib/rate-history'
import { VIGIL_SOURCE_NAME } from '../lib/vigil-source'
import { createMirror, pushFeed } from './mirror'

/**
 * Mirrors the engine's sources. The map is replaced, never mutated, on each change: a row whose
 * view object did not change keeps its identity, so Vue skips re-rendering it even when another
 * source's counters tick 20 times a second.
 */
export const useSourcesStore = defineStore('sources', () => {
  const byId = shallowRef<ReadonlyMap<string, SourceView>>(new Map())
  /** Sources with a connect, disconnect or retry call in flight, and the last one's failure. */
  const { busy, actionError, run, dismissActionError } = useItemActions(
    (id) => byId.value.get(id)?.name ?? id,
  )
  /** Events per second over the last minute, per source, for the sparklines. */
  const rateHistory = shallowRef<ReadonlyMap<string, readonly RatePoint[]>>(new Map())
  /** Secret references that have a value stored (never the values). */
  const secretRefs = shallowRef<ReadonlySet<string>>(new Set())
  /** The presets' descriptors (form fields, known event types); they never change in a run. */
  const presets = shallowRef<readonly PresetDescriptor[]>([])
  /** Recordings, newest first; the engine pushes nothing about them, so they load on demand. */
  const recordings = shallowRef<readonly RecordingInfo[]>([])

  const list = computed(() =>
    [...byId.value.values()].sort(
      (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
    ),
  )
  /** Source id → name, for lists that show where something came from (Vigil's own alerts too). */
  const names = computed<ReadonlyMap<string, string>>(
    () =>
      new Map([
        ...[...byId.value.values()].map((source) => [source.id, source.name] as const),
        [VIGIL_SOURCE_ID, VIGIL_SOURCE_NAME],
      ]),
  )

  /**
   * Notes each source's rate. The map is replaced only when a history changed, which happens at
   * most once a second per source (the engine's rate is a whole-second count).
   */
  function recordRates(rates: Iterable<{ id: string; eventsPerSecond: number }>): void {
    const now = Date.now()
    let next: Map<string, readonly RatePoint[]> | undefined
    for (const { id, eventsPerSecond } of rates) {
      const before = (next ?? rateHistory.value).get(id) ?? []
      const after = recordRate(before, now, eventsPerSecond)
      if (after === before) continue
      next ??= new Map(rateHistory.value)
      next.set(id, after)
    }
    if (next) rateHistory.value = next
  }

  function upsert(view: SourceView): void {
    const next = new Map(byId.value)
    next.set(view.id, view)
    byId.value = next
    recordRates([view])
  }

  function remove(id: string): void {
    if (!byId.value.has(id)) return
    const next = new Map(byId.value)
    next.delete(id)
    byId.value = next
    const rates = new Map(rateHistory.value)
    rates.delete(id)
    rateHistory.value = rates
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
    if (!next) return
    const known = next
    byId.value = known
    recordRates(batch.stats.filter((stats) => known.has(stats.id)))
  }

  /**
   * Snapshot and pushes. Pushes and answers travel in order on one channel, so a snapshot already
   * includes every push that came before it; later pushes apply on top.
   */
  const { loaded, loadError, refresh, start } = createMirror<SourceView[]>({
    fetch: () => api.listSources(),
    applySnapshot: (views) => {
      byId.value = new Map(views.map((view) => [view.id, view]))
      const ids = new Set(views.map((view) => view.id))
      rateHistory.value = new Map([...rateHistory.value].filter(([id]) => ids.has(id)))
      recordRates(views)
    },
    feeds: () => [
      pushFeed(api.onSourceChanged, upsert),
      pushFeed(api.onSourceRemoved, ({ id }) => remove(id)),
      pushFeed(api.onEventBatch, applyStats),
    ],
  })

  async function runAction(id: string, call: (id: string) => Promise<SourceView>): Promise<void> {
    await run(id, async () => upsert(await call(id)))
  }

  const connect = (id: string): Promise<void> => runAction(id, api.connectSource)
  const disconnect = (id: string): Promise<void> => runAction(id, api.disconnectSource)
  /** Dials a reconnecting, stale or failed source now, its backoff reset. */
  const retry = (id: string): Promise<void> => runAction(id, api.retrySource)

  /**
   * Dials with a form's unsaved settings and answers what happened (within about 10 s); nothing
   * running sees it. Secrets typed into the form travel for the test only, never stored.
   */
  function testSource(request: SourceTestRequest): Promise<SourceTestReport> {
    return api.testSource(request)
  }

  /** The source's last state changes, newest first (the engine keeps 50 per source). */
  function loadTimeline(id: string): Promise<SourceTimelineEntry[]> {
    return api.sourceTimeline(id)
  }

  async function loadPresets(): Promise<readonly PresetDescriptor[]> {
    if (presets.value.length === 0) presets.value = await api.listPresets()
    return presets.value
  }

  async function loadSecretRefs(): Promise<void> {
    secretRefs.value = new Set(await api.listSecrets())
  }

  /** The source's settings as stored (the view carries only a summary), or null if gone. */
  async function loadConfig(id: string): Promise<SourceConfig | null> {
    const config = await api.getConfig()
    return config.sources.find((source) => source.id === id) ?? null
  }

  /**
   * Saves a source; new secret values go to the secret store first, so the source connects with
   * them at once. Values travel only in `secret:set`: the config names the references. Failures
   * throw ApiError, whose issues carry config paths for the form (a secret's at the setting that
   * names it).
   */
  async function save(
    source: SourceConfigInput,
    secrets: readonly { ref: string; value: string }[] = [],
  ): Promise<SourceView> {
    for (const secret of secrets) {
      try {
        await api.setSecret(secret.ref, secret.value)
      } catch (error) {
        const code = error instanceof ApiError ? error.code : 'internal'
        const message = `could not store the secret: ${errorMessage(error)}`
        throw new ApiError(code, message, [{ path: settingNaming(source, secret.ref), message }])
      }
      secretRefs.value = new Set(secretRefs.value).add(secret.ref)
    }
    const view = await api.saveSource(source)
    upsert(view)
    return view
  }

  /** The config path of the setting that names a secret reference: where a form shows it. */
  function settingNaming(source: SourceConfigInput, ref: string): string {
    const option = Object.entries(source.options ?? {}).find(([, value]) => value === ref)
    if (option) return `options.${option[0]}`
    const header = Object.entries(source.headers ?? {}).find(([, value]) =>
      value.includes(`{{secret.${ref}}}`),
    )
    return header ? `headers.${header[0]}` : 'auth.secret'
  }

  /**
   * Reads a source's event types from another payload field (autodetect's "use this field"):
   * its stored settings with only `eventTypePath` changed, saved like the form saves them.
   */
  async function setEventTypePath(id: string, path: string): Promise<SourceView> {
    const config = await loadConfig(id)
    if (!config) throw new ApiError('not-found', `there is no source with the id "${id}"`)
    return save({ ...config, eventTypePath: path })
  }

  /** Removes a source; throws ApiError `conflict` while a trigger still uses it. */
  async function removeSource(id: string): Promise<void> {
    await api.removeSource(id)
    remove(id)
  }

  /** Sends text on an open source; throws ApiError `not-open` otherwise. */
  function send(id: string, text: string): Promise<SendReceipt> {
    return api.sendToSource(id, text)
  }

  async function loadRecordings(): Promise<void> {
    recordings.value = await api.listRecordings()
  }

  /** Starts or stops recording a source's raw frames; answers the recording. */
  async function setRecording(id: string, on: boolean): Promise<RecordingInfo> {
    const info = on ? await api.startRecording(id) : await api.stopRecording(id)
    await loadRecordings()
    return info
  }

  /** Adds (or restarts) the source that replays a recording; answers its view. */
  async function replay(recordingId: string, speed: ReplaySpeed): Promise<SourceView> {
    const view = await api.replayRecording({ id: recordingId, speed })
    upsert(view)
    return view
  }

  return {
    byId,
    loaded,
    loadError,
    busy,
    actionError,
    rateHistory,
    secretRefs,
    presets,
    recordings,
    list,
    names,
    start,
    refresh,
    connect,
    disconnect,
    retry,
    loadTimeline,
    testSource,
    dismissActionError,
    loadPresets,
    loadSecretRefs,
    loadConfig,
    save,
    setEventTypePath,
    removeSource,
    send,
    loadRecordings,
    setRecording,
    replay,
  }
})
