/**
 * The one contract between the engine and the UI, carried by Electron IPC (preload bridge) or by
 * the headless host's websocket bridge. Adding a channel: see the README's recipe ("Adding an IPC channel").
 *
 * - `Invokes`: requests from the UI, answered with a Result envelope (see result.ts).
 * - `Events`: pushes from the engine. Never one push per event: event data travels in batches.
 * - The registries below are checked by the compiler against the two maps, so a channel cannot be
 *   declared without being registered, or registered without being declared.
 */

import type { OpenedFileContent, OpenedFileNotice } from './opened-file'
import type { Config, ConfigInput } from './config'
import type { PresetDescriptor } from './preset-descriptor'
import type { SourceConfigInput } from './source-config'
import type { SourceTestReport, SourceTestRequest } from './source-test'
import type { SourceTimelineEntry } from './source-timeline'
import type {
  AppInfo,
  EventBatch,
  EventQuery,
  NotificationView,
  SendReceipt,
  SourceView,
  VigilEvent,
} from './domain'
import type { TriggerConfigInput, TriggerDraftInput } from './trigger-config'
import type {
  BacktestOptions,
  BacktestReport,
  NearMiss,
  NearMissReport,
  NotificationListQuery,
  SoundCue,
  TriggerView,
  UnreadCountQuery,
} from './trigger-views'
import type { CatalogueEntry, CatalogueQuery } from './catalogue'
import type { ClusterView } from './cluster'
import type { ClusterSettingsView, DesktopClusterSettingsInput } from './cluster-settings'
import type { ConfigExport, ImportOptions, ImportPreview } from './config-transfer'
import type { EventPage, ExportRequest, ExportResult } from './history'
import type { HistoryStatus } from './history-status'
import type { RecordingInfo, ReplayRequest } from './recording'

export interface Invokes {
  'app:info': () => AppInfo
  'source:list': () => SourceView[]
  /** Adds the source, or replaces the settings of the one with the same id. */
  'source:save': (source: SourceConfigInput) => SourceView
  'source:remove': (id: string) => null
  'source:connect': (id: string) => SourceView
  'source:disconnect': (id: string) => SourceView
  /**
   * Dials a reconnecting, stale or failed source at once, its backoff reset; `conflict` for a
   * source in any other state (open, connecting, closed, idle: nothing to retry).
   */
  'source:retry': (id: string) => SourceView
  /** The source's last TIMELINE_LENGTH state changes with time and reason, newest first. */
  'source:timeline': (id: string) => SourceTimelineEntry[]
  /**
   * Dials with unsaved settings and answers, within about TEST_TIMEOUT_MS, what happened (see
   * shared/source-test.ts); the running sources, history, triggers and catalogue never see it.
   */
  'source:test': (request: SourceTestRequest) => SourceTestReport
  'event:recent': (query: EventQuery) => VigilEvent[]
  'config:get': () => Config
  'config:replace': (config: ConfigInput) => Config
  /** Sends a text message on an open source (queued while it logs in); `not-open` otherwise. */
  'source:send': (id: string, text: string) => SendReceipt
  /** Stores a secret under a reference; sources name the reference in their `auth` settings. */
  'secret:set': (ref: string, value: string) => null
  'secret:delete': (ref: string) => null
  /** The references that have a value stored; values never leave the engine. */
  'secret:list': () => string[]
  /** Disconnects every active source (tray "Pause all"); answers every source's view. */
  'source:pause-all': () => SourceView[]
  /** Connects every enabled source that is not already active. */
  'source:resume-all': () => SourceView[]
  /** Triggers with their counters (evaluated, matched, fired, suppressed by reason). */
  'trigger:list': () => TriggerView[]
  /** Adds the trigger, or replaces the one with the same id (re-arming a spent single shot). */
  'trigger:save': (trigger: TriggerConfigInput) => TriggerView
  'trigger:remove': (id: string) => null
  /** Runs a draft over the newest `limit` buffered events of its sources and types. */
  'trigger:backtest': (
    draft: TriggerDraftInput,
    limit: number,
    options?: BacktestOptions,
  ) => BacktestReport
  /** Recent events of the trigger's types that failed its condition, newest first. */
  'trigger:near-misses': (id: string) => NearMiss[]
  /** The same near-misses with a summary per condition leaf ("why didn't it fire"). */
  'trigger:near-miss-report': (id: string) => NearMissReport
  /** No firings until `until` (epoch ms); null ends the snooze. */
  'trigger:snooze': (id: string, until: number | null) => TriggerView
  'trigger:set-enabled': (id: string, enabled: boolean) => TriggerView
  /** Newest first. */
  'notification:list': (query: NotificationListQuery) => NotificationView[]
  /** Answers how many notifications changed. */
  'notification:mark-read': (ids: number[] | 'all') => number
  /** Marks notifications unread again; answers how many changed. */
  'notification:mark-unread': (ids: number[]) => number
  /**
   * How many notifications are unread: all of them (the nav badge), or with a query those of a
   * trigger or a source (a filtered list's header).
   */
  'notification:unread-count': (query?: UnreadCountQuery) => number
  /** Searches history (source, type, time, text), newest first; `next` pages on. */
  'event:search': (query: EventQuery) => EventPage
  /** Writes an export into `<data-dir>/exports/` (the Electron shell may offer a save dialog). */
  'history:export': (request: ExportRequest) => ExportResult
  /** The config document and the secret references it needs on another machine. */
  'config:export': () => ConfigExport
  /** Validates a document and says what importing it would add, change and remove. */
  'config:preview-import': (document: unknown) => ImportPreview
  /** Validates (migrating an older version) and applies a document atomically. */
  'config:import': (document: unknown, options?: ImportOptions) => Config
  'recording:start': (sourceId: string) => RecordingInfo
  'recording:stop': (sourceId: string) => RecordingInfo
  'recording:list': () => RecordingInfo[]
  /** Adds a source that replays a recording (`sim://replay/<id>?speed=N`). */
  'recording:replay': (request: ReplayRequest) => SourceView
  /** Field paths seen per source and event type, with types, samples and last-seen times. */
  'catalogue:get': (query: CatalogueQuery) => CatalogueEntry[]
  /** A file the OS opened (announced by `ui:open-file`), by its one-time token. */
  'file:take-opened': (token: string) => OpenedFileContent
  /** Every preset with its form fields and known event types (shared/preset-descriptor.ts). */
  'preset:list': () => PresetDescriptor[]
  /** Whether history keeps up (stored, not stored, backlog, last error); null without history. */
  'history:status': () => HistoryStatus | null
  /** The cluster this host is part of: its name, the members, who holds what (docs/cluster.md). */
  'cluster:status': () => ClusterView
  /**
   * The desktop app's cluster settings (per machine, applied at the next start); the headless
   * host answers that its cluster is set on its command line.
   */
  'cluster:settings': () => ClusterSettingsView
  /** Stores the desktop app's cluster settings; `forbidden` on the headless host. */
  'cluster:save-settings': (settings: DesktopClusterSettingsInput) => ClusterSettingsView
}

export interface Events {
  /** A source's settings or lifecycle state changed (not sent for counters: see `event:batch`). */
  'source:changed': SourceView
  'source:removed': { id: string }
  /** Recent events and source counters, at most ~20 times a second. */
  'event:batch': EventBatch
  /** A trigger fired a notification (stored, whether or not the OS showed it). */
  'notification:fired': NotificationView
  /** Notifications were marked read (in any window); `unread` is the count left. */
  'notification:read': { ids: number[] | 'all'; unread: number }
  /** Notifications were marked unread again (in any window); `unread` is the count now. */
  'notification:unread': { ids: number[]; unread: number }
  /**
   * Triggers whose settings, state or counters changed: their whole views, in one push at most
   * once a second (see main/services/triggers/trigger-view-feed.ts).
   */
  'trigger:changed': TriggerView[]
  'trigger:removed': { id: string }
  /** A trigger's sound action: the UI plays it. */
  'sound:play': SoundCue
  /**
   * Desktop shell only: the user clicked a native notification (or its tray menu entry); the UI
   * should show that notification's event.
   */
  'ui:open-event': OpenEventRequest
  /** Desktop shell only: the OS asked Vigil to open a file; take it with `file:take-opened`. */
  'ui:open-file': OpenedFileNotice
  /**
   * History's state changed (ok, behind, failing), or, while events are not being stored, its
   * counts moved: at most once a second.
   */
  'history:status': HistoryStatus
  /** The cluster's connection, members or leases changed (never sent on a single host). */
  'cluster:status': ClusterView
}

export interface OpenEventRequest {
  eventId: number
  notificationId: number
}

export type InvokeChannel = keyof Invokes
export type EventChannel = keyof Events
export type InvokeArgs<K extends InvokeChannel> = Parameters<Invokes[K]>
export type InvokeResult<K extends InvokeChannel> = ReturnType<Invokes[K]>

export const invokeChannels = {
  'app:info': true,
  'source:list': true,
  'source:save': true,
  'source:remove': true,
  'source:connect': true,
  'source:disconnect': true,
  'source:retry': true,
  'source:timeline': true,
  'source:test': true,
  'event:recent': true,
  'config:get': true,
  'config:replace': true,
  'source:send': true,
  'secret:set': true,
  'secret:delete': true,
  'secret:list': true,
  'source:pause-all': true,
  'source:resume-all': true,
  'trigger:list': true,
  'trigger:save': true,
  'trigger:remove': true,
  'trigger:backtest': true,
  'trigger:near-misses': true,
  'trigger:near-miss-report': true,
  'trigger:snooze': true,
  'trigger:set-enabled': true,
  'notification:list': true,
  'notification:mark-read': true,
  'notification:mark-unread': true,
  'notification:unread-count': true,
  'event:search': true,
  'history:export': true,
  'config:export': true,
  'config:preview-import': true,
  'config:import': true,
  'recording:start': true,
  'recording:stop': true,
  'recording:list': true,
  'recording:replay': true,
  'catalogue:get': true,
  'preset:list': true,
  'file:take-opened': true,
  'history:status': true,
  'cluster:status': true,
  'cluster:settings': true,
  'cluster:save-settings': true,
} as const satisfies Record<InvokeChannel, true>

export const eventChannels = {
  'source:changed': true,
  'source:removed': true,
  'event:batch': true,
  'notification:fired': true,
  'notification:read': true,
  'notification:unread': true,
  'trigger:changed': true,
  'trigger:removed': true,
  'ui:open-event': true,
  'ui:open-file': true,
  'sound:play': true,
  'history:status': true,
  'cluster:status': true,
} as const satisfies Record<EventChannel, true>

const hasOwn = Object.prototype.hasOwnProperty

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && hasOwn.call(invokeChannels, value)
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && hasOwn.call(eventChannels, value)
}

/** Upper bound on any single batch sent to the UI; older events in a burst are counted, not sent. */
export const MAX_EVENTS_PER_BATCH = 500
/**
 * The same bound in bytes of frames as received: a burst of large events (1 MiB each) sends the
 * newest that fit, always at least one, and counts the rest as dropped. The live list is a
 * window; history has the rest.
 */
export const MAX_BATCH_BYTES = 1024 * 1024
/** Minimum spacing of `event:batch` pushes (20 per second at most). */
export const BATCH_INTERVAL_MS = 50
