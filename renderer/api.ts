/**
 * The renderer's one door to the engine, and the only renderer file that knows channel names.
 * Stores call the typed domain functions below; components never import this module.
 *
 * Under Electron it wraps `window.api` (preload); in a browser it talks to the headless host over
 * the websocket bridge. Both carry the same contract (shared/ipc.ts).
 */

import type { OpenedFileContent, OpenedFileNotice } from '../shared/opened-file'
import type { Config, ConfigInput } from '../shared/config'
import type { SourceConfigInput } from '../shared/source-config'
import type { SourceTestReport, SourceTestRequest } from '../shared/source-test'
import type { SourceTimelineEntry } from '../shared/source-timeline'
import type {
  AppInfo,
  EventBatch,
  EventQuery,
  NotificationView,
  SendReceipt,
  SourceView,
  VigilEvent,
} from '../shared/domain'
import type { CatalogueEntry, CatalogueQuery } from '../shared/catalogue'
import type { ClusterView } from '../shared/cluster'
import type { ClusterSettingsView, DesktopClusterSettingsInput } from '../shared/cluster-settings'
import type { ConfigExport, ImportPreview } from '../shared/config-transfer'
import type { EventPage, ExportRequest, ExportResult } from '../shared/history'
import type { HistoryStatus } from '../shared/history-status'
import type { RecordingInfo, ReplayRequest } from '../shared/recording'
import type { TriggerConfigInput, TriggerDraftInput } from '../shared/trigger-config'
import type {
  BacktestOptions,
  BacktestReport,
  NearMiss,
  NearMissReport,
  NotificationListQuery,
  SoundCue,
  TriggerView,
  UnreadCountQuery,
} from '../shared/trigger-views'
import type {
  EventChannel,
  Events,
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
  OpenEventRequest,
} from '../shared/ipc'
import type { PresetDescriptor } from '../shared/preset-descriptor'
import { ApiError } from './api-error'
import { createElectronTransport } from './transport/electron'
import type { BridgeStatus, Transport } from './transport/transport'
import { WebSocketTransport } from './transport/websocket'

export type { BridgeStatus } from './transport/transport'
export { ApiError } from './api-error'

let transport: Transport | undefined

/** Created on first use, so importing this module (in a test, say) opens no socket. */
function getTransport(): Transport {
  transport ??= window.api ? createElectronTransport(window.api) : new WebSocketTransport()
  return transport
}

/** Calls a contract channel and unwraps its Result; throws `ApiError` on failure. */
export async function invoke<K extends InvokeChannel>(
  channel: K,
  ...args: InvokeArgs<K>
): Promise<InvokeResult<K>> {
  let result
  try {
    result = await getTransport().invoke(channel, args)
  } catch (error) {
    // The link failed, not the call: the engine may never have seen it.
    const message = error instanceof Error ? error.message : String(error)
    throw new ApiError('unavailable', message)
  }
  if (!result.ok) throw new ApiError(result.error.code, result.error.message, result.error.issues)
  // The engine is the trusted side of the contract; its answers are typed, not re-validated.
  return result.value as InvokeResult<K>
}

function subscribe<K extends EventChannel>(
  channel: K,
  listener: (payload: Events[K]) => void,
): () => void {
  return getTransport().on(channel, (payload) => listener(payload as Events[K]))
}

export const getAppInfo = (): Promise<AppInfo> => invoke('app:info')
export const listSources = (): Promise<SourceView[]> => invoke('source:list')
export const saveSource = (draft: SourceConfigInput): Promise<SourceView> =>
  invoke('source:save', draft)
export const removeSource = (id: string): Promise<null> => invoke('source:remove', id)
export const connectSource = (id: string): Promise<SourceView> => invoke('source:connect', id)
export const disconnectSource = (id: string): Promise<SourceView> => invoke('source:disconnect', id)
/** Dials a reconnecting, stale or failed source now, its backoff reset (`conflict` otherwise). */
export const retrySource = (id: string): Promise<SourceView> => invoke('source:retry', id)
/** The source's last 50 state changes with time and reason, newest first. */
export const sourceTimeline = (id: string): Promise<SourceTimelineEntry[]> =>
  invoke('source:timeline', id)
/** Dials with the form's unsaved settings; answers within about 10 s (see shared/source-test.ts). */
export const testSource = (request: SourceTestRequest): Promise<SourceTestReport> =>
  invoke('source:test', request)
export const recentEvents = (query: EventQuery = {}): Promise<VigilEvent[]> =>
  invoke('event:recent', query)
export const listPresets = (): Promise<PresetDescriptor[]> => invoke('preset:list')
export const sendToSource = (id: string, text: string): Promise<SendReceipt> =>
  invoke('source:send', id, text)
export const setSecret = (ref: string, value: string): Promise<null> =>
  invoke('secret:set', ref, value)
export const deleteSecret = (ref: string): Promise<null> => invoke('secret:delete', ref)
export const listSecrets = (): Promise<string[]> => invoke('secret:list')
export const getConfig = (): Promise<Config> => invoke('config:get')
export const replaceConfig = (config: ConfigInput): Promise<Config> =>
  invoke('config:replace', config)
export const searchEvents = (query: EventQuery = {}): Promise<EventPage> =>
  invoke('event:search', query)
export const exportHistory = (request: ExportRequest): Promise<ExportResult> =>
  invoke('history:export', request)
/** Whether history keeps up; null when the engine runs without history. */
export const getHistoryStatus = (): Promise<HistoryStatus | null> => invoke('history:status')
export const onHistoryStatus = (listener: (status: HistoryStatus) => void): (() => void) =>
  subscribe('history:status', listener)
/** The cluster this host is part of (`{enabled: false}` on a single host). */
export const getClusterStatus = (): Promise<ClusterView> => invoke('cluster:status')
export const onClusterStatus = (listener: (status: ClusterView) => void): (() => void) =>
  subscribe('cluster:status', listener)
/** The desktop app's per-machine cluster settings (read-only on the headless host). */
export const getClusterSettings = (): Promise<ClusterSettingsView> => invoke('cluster:settings')
export const saveClusterSettings = (
  settings: DesktopClusterSettingsInput,
): Promise<ClusterSettingsView> => invoke('cluster:save-settings', settings)
export const exportConfig = (): Promise<ConfigExport> => invoke('config:export')
export const previewConfigImport = (document: unknown): Promise<ImportPreview> =>
  invoke('config:preview-import', document)
export const importConfig = (document: unknown): Promise<Config> =>
  invoke('config:import', document)
export const startRecording = (sourceId: string): Promise<RecordingInfo> =>
  invoke('recording:start', sourceId)
export const stopRecording = (sourceId: string): Promise<RecordingInfo> =>
  invoke('recording:stop', sourceId)
export const listRecordings = (): Promise<RecordingInfo[]> => invoke('recording:list')
export const replayRecording = (request: ReplayRequest): Promise<SourceView> =>
  invoke('recording:replay', request)
export const getCatalogue = (query: CatalogueQuery = {}): Promise<CatalogueEntry[]> =>
  invoke('catalogue:get', query)

export const onSourceChanged = (listener: (view: SourceView) => void): (() => void) =>
  subscribe('source:changed', listener)
export const onSourceRemoved = (listener: (removed: { id: string }) => void): (() => void) =>
  subscribe('source:removed', listener)
export const onEventBatch = (listener: (batch: EventBatch) => void): (() => void) =>
  subscribe('event:batch', listener)

// ---- Triggers and notifications ----

export const listTriggers = (): Promise<TriggerView[]> => invoke('trigger:list')
export const saveTrigger = (trigger: TriggerConfigInput): Promise<TriggerView> =>
  invoke('trigger:save', trigger)
export const removeTrigger = (id: string): Promise<null> => invoke('trigger:remove', id)
export const backtestTrigger = (
  draft: TriggerDraftInput,
  limit: number,
  options?: BacktestOptions,
): Promise<BacktestReport> =>
  // No trailing undefined: JSON would carry it as null, which the options schema refuses.
  options
    ? invoke('trigger:backtest', draft, limit, options)
    : invoke('trigger:backtest', draft, limit)
export const triggerNearMisses = (id: string): Promise<NearMiss[]> =>
  invoke('trigger:near-misses', id)
/** The near-misses with a summary per condition ("why didn't it fire"). */
export const triggerNearMissReport = (id: string): Promise<NearMissReport> =>
  invoke('trigger:near-miss-report', id)
/** `until` in epoch ms; null ends the snooze. */
export const snoozeTrigger = (id: string, until: number | null): Promise<TriggerView> =>
  invoke('trigger:snooze', id, until)
export const setTriggerEnabled = (id: string, enabled: boolean): Promise<TriggerView> =>
  invoke('trigger:set-enabled', id, enabled)
export const listNotifications = (query: NotificationListQuery = {}): Promise<NotificationView[]> =>
  invoke('notification:list', query)
export const markNotificationsRead = (ids: number[] | 'all'): Promise<number> =>
  invoke('notification:mark-read', ids)
export const markNotificationsUnread = (ids: number[]): Promise<number> =>
  invoke('notification:mark-unread', ids)
/** Every unread notification, or (with a query) a trigger's or a source's. */
export const unreadNotificationCount = (query?: UnreadCountQuery): Promise<number> =>
  query ? invoke('notification:unread-count', query) : invoke('notification:unread-count')

export const onTriggersChanged = (listener: (views: TriggerView[]) => void): (() => void) =>
  subscribe('trigger:changed', listener)
export const onTriggerRemoved = (listener: (removed: { id: string }) => void): (() => void) =>
  subscribe('trigger:removed', listener)
export const onNotificationFired = (listener: (n: NotificationView) => void): (() => void) =>
  subscribe('notification:fired', listener)
export const onNotificationRead = (
  listener: (read: Events['notification:read']) => void,
): (() => void) => subscribe('notification:read', listener)
export const onNotificationUnread = (
  listener: (unread: Events['notification:unread']) => void,
): (() => void) => subscribe('notification:unread', listener)
export const onSoundPlay = (listener: (cue: SoundCue) => void): (() => void) =>
  subscribe('sound:play', listener)

// ---- Sources, live events and settings (UI-B) --------------------------------------------------

/** Desktop shell: the user clicked a native notification; show its event. */
export const onOpenEvent = (listener: (request: OpenEventRequest) => void): (() => void) =>
  subscribe('ui:open-event', listener)
/** Desktop shell: the OS asked Vigil to open an associated file (a config or a recording). */
export const onOpenFile = (listener: (notice: OpenedFileNotice) => void): (() => void) =>
  subscribe('ui:open-file', listener)
/** The content of a file the OS opened, by the token `ui:open-file` carried (once). */
export const takeOpenedFile = (token: string): Promise<OpenedFileContent> =>
  invoke('file:take-opened', token)

/** The link to the engine: always `open` under Electron; the websocket bridge can drop. */
export const connectionStatus = (): BridgeStatus => getTransport().status()
export const onConnectionChange = (listener: (status: BridgeStatus) => void): (() => void) =>
  getTransport().onStatus(listener)
/**
 * Headless: signs the page in with a pasted token once the host refused its session
 * (`unauthorized`, after a restart with another token); rejects for a wrong token.
 */
export function signIn(token: string): Promise<void> {
  const transport = getTransport()
  return transport.signIn
    ? transport.signIn(token)
    : Promise.reject(new Error('only the headless host takes a token'))
}
/** After the link came back; pushes were missed meanwhile, so stores fetch a fresh snapshot. */
export const onReconnect = (listener: () => void): (() => void) =>
  getTransport().onReconnect(listener)

/**
 * Call once every store has subscribed: under Electron, main holds pushes back until then, so
 * nothing sent during start-up is lost.
 */
export function markReady(): void {
  getTransport().ready()
}
