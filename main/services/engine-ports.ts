/**
 * The narrow views of the engine its callers depend on. `Engine` implements all of them; each
 * caller names only the one it needs, so none of them knows the engine's parts (the Monitor, the
 * trigger engine, history...). Signatures are borrowed from the parts so they cannot drift.
 */

import type { Readable } from 'node:stream'
import type { Config } from '../../shared/config'
import type { ConfigExport, ImportOptions, ImportPreview } from '../../shared/config-transfer'
import type { AppInfo, SourceView } from '../../shared/domain'
import type { ExportRequest } from '../../shared/history'
import type { EventChannel, Events } from '../../shared/ipc'
import type { HistoryStatus } from '../../shared/history-status'
import type { ClusterView } from '../../shared/cluster'
import type { RecordingInfo, ReplayRequest } from '../../shared/recording'
import type { SourceConfig } from '../../shared/source-config'
import type { FieldCatalogue } from './catalogue/field-catalogue'
import type { OpenedFiles } from './files/opened-files'
import type { HistoryQueries } from './history/history-queries'
import type { Monitor } from './monitor'
import type { NotificationLog } from './notify/notification-log'
import type { Recorder } from './recording/recorder'
import type { SourceTester } from './sources/source-tester'
import type { TriggerCommands } from './triggers/trigger-commands'
import type { TriggerEngine } from './triggers/trigger-engine'

/** One push towards the UI, typed by channel. */
export type PushMessage = { [K in EventChannel]: { channel: K; payload: Events[K] } }[EventChannel]

/** Running sources: what the UI, the tray and scripts see and do to them. */
export interface SourcesPort {
  listSources: Monitor['list']
  pauseAll: Monitor['pauseAll']
  resumeAll: Monitor['resumeAll']
}

/** The notification list and its unread count (the bell, the tray menu, the badge). */
export interface NotificationsPort {
  listNotifications: NotificationLog['list']
  unreadNotificationCount: NotificationLog['unreadCount']
}

/** What the buttons of a native notification do to its trigger. */
export interface TriggerTogglesPort {
  snoozeTrigger: TriggerCommands['snooze']
  setTriggerEnabled: TriggerCommands['setEnabled']
}

/** The desktop shell's view: the tray, the notifier's buttons, files the OS opened, quitting. */
export interface ShellPort extends SourcesPort, NotificationsPort, TriggerTogglesPort {
  openFile: OpenedFiles['open']
  /** Flushes history and recordings and closes every socket: the last step of quitting. */
  dispose(): Promise<void>
}

/** `GET /api/health`: the version and whether history keeps up. */
export interface HealthPort {
  info(): AppInfo
  historyStatus(): HistoryStatus | null
}

/** `GET /api/events/export`: history streamed as it is read. */
export interface HistoryExportPort {
  exportHistoryStream(request: ExportRequest): Promise<Readable>
}

/** The cluster as the REST routes and the CLI's banner see it. */
export interface ClusterInfoPort {
  /** The version of the cluster's shared config: undefined on a single host, null until known. */
  readonly clusterConfigVersion: number | null | undefined
  /** This host's node name in its cluster; null on a single host. */
  readonly clusterNodeName: string | null
  clusterStatus(): ClusterView
}

/** Everything the contract's invoke handlers (api/invoke-handlers.ts) need, channel by channel. */
export interface ContractPort
  extends SourcesPort, NotificationsPort, TriggerTogglesPort, HealthPort, ClusterInfoPort {
  readonly config: Config
  /** In a cluster, which member holds a source; null on a single host. */
  sourceHolder(sourceId: string): string | null
  saveSource(source: SourceConfig): Promise<SourceView>
  removeSource(id: string): Promise<null>
  connectSource: Monitor['connect']
  disconnectSource: Monitor['disconnect']
  retrySource: Monitor['retry']
  sourceTimeline: Monitor['timeline']
  sendToSource: Monitor['send']
  testSource: SourceTester['test']
  replaceConfig(config: Config): Promise<Config>
  exportConfig(): Promise<ConfigExport>
  previewImport(document: unknown): Promise<ImportPreview>
  importConfig(document: unknown, options?: ImportOptions): Promise<Config>
  setSecret(ref: string, value: string): Promise<null>
  deleteSecret(ref: string): Promise<null>
  listSecrets(): Promise<string[]>
  listTriggers: TriggerEngine['list']
  saveTrigger: TriggerCommands['save']
  removeTrigger: TriggerCommands['remove']
  backtestTrigger: TriggerCommands['backtest']
  triggerNearMisses: TriggerEngine['nearMisses']
  triggerNearMissReport: TriggerEngine['nearMissReport']
  markNotificationsRead: TriggerCommands['markNotificationsRead']
  markNotificationsUnread: TriggerCommands['markNotificationsUnread']
  searchEvents: HistoryQueries['search']
  exportHistory(request: ExportRequest): ReturnType<HistoryQueries['exportToFile']>
  startRecording(sourceId: string): Promise<RecordingInfo>
  stopRecording: Recorder['stop']
  listRecordings: Recorder['list']
  replayRecording(request: ReplayRequest): Promise<SourceView>
  fieldCatalogue: FieldCatalogue['get']
  takeOpenedFile: OpenedFiles['take']
}
