/**
 * The engine's parts and how they are wired together: who feeds whom, which changes become pushes
 * towards the UI, how history holds the sources back. `Engine` (engine.ts) keeps these private and
 * offers its callers narrow facade methods (engine-ports.ts); only tests reach the parts, through
 * testing/engine-internals.ts.
 */

import { join } from 'node:path'
import type { Config } from '../../shared/config'
import type { ConfigProblem } from '../../shared/domain'
import type { EventChannel, Events } from '../../shared/ipc'
import { resolvePreferences } from '../../shared/preferences'
import { VIGIL_SOURCE_ID } from '../../shared/source-ids'
import { errorText } from '../../shared/utils/error-text'
import { jsonEqual } from '../../shared/utils/json-equal'
import { FieldCatalogue } from './catalogue/field-catalogue'
import { ClusterLink } from './cluster-link'
import type { EngineOptions } from './engine-options'
import { OpenedFiles } from './files/opened-files'
import { History } from './history/history'
import { HistoryQueries } from './history/history-queries'
import { HistoryStatusFeed } from './history/history-status-feed'
import { MemoryNotificationKeys } from './notify/notification-log'
import { Monitor } from './monitor'
import type { SourceRollback } from './monitor-options'
import { Recorder } from './recording/recorder'
import { MemorySecretStore, type SecretStore } from './secrets/secret-store'
import type { CommitOptions, ConfigDocument } from './settings/config-document'
import { wsSocketFactory } from './sources/socket-factory'
import { SourceTester } from './sources/source-tester'
import { TriggerCommands, type ReadStateChange } from './triggers/trigger-commands'
import { TriggerEngine } from './triggers/trigger-engine'
import { TriggerViewFeed } from './triggers/trigger-view-feed'
import { systemClock, type Clock } from './util/clock'
import type { Logger } from './util/logger'

/** The sub-services one engine is made of. */
export interface EngineParts {
  monitor: Monitor
  triggers: TriggerEngine
  triggerCommands: TriggerCommands
  triggerFeed: TriggerViewFeed
  /** What Vigil saw and did, kept across restarts; null when running without history. */
  history: History | null
  historyFeed: HistoryStatusFeed | null
  historyQueries: HistoryQueries
  catalogue: FieldCatalogue
  recorder: Recorder
  /** Files the OS asked the desktop app to open, until the page takes them. */
  openedFiles: OpenedFiles
  secrets: SecretStore
  /** Connection tests with unsaved settings (`source:test`), apart from the running sources. */
  sourceTests: SourceTester
  /** The cluster this host is part of, or null for a single host. */
  cluster: ClusterLink | null
}

/**
 * Each engine's parts, for testing/engine-internals.ts alone (the lint fences keep every other
 * module from importing `partsOf`): tests drive and observe the parts directly.
 */
const partsByEngine = new WeakMap<object, EngineParts>()

export function registerParts(engine: object, parts: EngineParts): void {
  partsByEngine.set(engine, parts)
}

export function partsOf(engine: object): EngineParts {
  const parts = partsByEngine.get(engine)
  if (!parts) throw new Error('not an engine: it has no parts')
  return parts
}

/** What the wiring needs back from the engine that owns the parts. */
export interface EngineHooks {
  /** Replaces the config inside a `mutate` (a cluster's shared config arrives this way). */
  applyConfig(config: Config, options: CommitOptions): Promise<Config>
  push<K extends EventChannel>(channel: K, payload: Events[K]): void
}

export function recordingsDirOf(options: EngineOptions): string {
  return options.recordingsDir ?? join(options.dataDir, 'recordings')
}

/** History in SQLite as the options and the loaded config ask, or null when it is off. */
export function openHistory(
  options: EngineOptions,
  config: Config,
  logger: Logger,
): History | null {
  if (options.history === false) return null
  const preferences = resolvePreferences(config).history
  return History.open({
    path: options.history?.path ?? join(options.dataDir, 'history.sqlite'),
    retention: preferences,
    events: { backlogBytes: megabytes(preferences.backlogMb), whenBehind: preferences.whenBehind },
    logger,
    ...(options.history?.thread ? { thread: options.history.thread } : {}),
    ...(options.history?.workerPath ? { workerPath: options.history.workerPath } : {}),
    ...(options.history?.flushIntervalMs !== undefined
      ? { flushIntervalMs: options.history.flushIntervalMs }
      : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  })
}

export function wireEngineParts(
  options: EngineOptions,
  document: ConfigDocument,
  history: History | null,
  logger: Logger,
  hooks: EngineHooks,
): EngineParts {
  const clock = options.clock ?? systemClock
  const config = () => document.config
  const push = hooks.push.bind(hooks)
  const catalogue = new FieldCatalogue()
  const secrets = options.secrets ?? new MemorySecretStore()
  // Set below, once the Monitor exists; events reach the cluster only after that.
  let cluster: ClusterLink | null = null
  const triggers = new TriggerEngine({
    clock,
    logger,
    notifications: options.notificationLog ?? history?.notifications,
    firings: options.firingLog ?? history?.firings,
    counters: options.counterStore ?? history?.counters,
    ...(options.notifier ? { notifier: options.notifier } : {}),
    secrets,
    // A trigger sends only once events flow, after `sources` below is built.
    send: (sourceId, text) => sources.send(sourceId, text),
  })
  const recorder = new Recorder({ dir: recordingsDirOf(options), clock, logger })
  // Every event goes to these, in this order (event-flow.ts): the catalogue and history first
  // (cheap appends), then trigger evaluation; every frame to the recorder while it records.
  const sources = new Monitor({
    socketFactory: options.socketFactory ?? wsSocketFactory,
    ...(options.resolveUrl ? { resolveUrl: options.resolveUrl } : {}),
    ...(options.releaseUrl ? { releaseUrl: options.releaseUrl } : {}),
    clock,
    secrets,
    logger,
    recentBytesPerSource: megabytes(resolvePreferences(document.config).memory.recentEventsMb),
    ...(history ? { firstEventId: history.lastEventId + 1 } : {}),
    subscribers: {
      catalogue,
      ...(history ? { history: history.events } : {}),
      triggers,
      recorder,
      // In a cluster, the events of the sources this host holds go to the other hosts.
      cluster: { publish: (event) => cluster?.publish(event) },
    },
  })
  sources.onDidRollBackSource((rollback) => void keepRollback(document, rollback))
  sources.onDidChangeSource((view) => push('source:changed', view))
  sources.onDidRemoveSource((removed) => push('source:removed', removed))
  // A source removed, alone or by a replaced config: what was learnt of it goes too.
  sources.onDidRemoveSource(({ id }) => catalogue.forget(id))
  sources.onDidBatch((batch) => push('event:batch', batch))
  // Before any source is added: in a cluster, only the sources this host holds connect.
  const node = options.cluster?.(config)
  cluster = node
    ? new ClusterLink({
        cluster: node,
        monitor: sources,
        logger,
        config: {
          serialise: (change) => document.mutate(change),
          apply: (next) => hooks.applyConfig(next, { fromCluster: true }),
          shareWith: (share) => document.shareWith(share),
        },
      })
    : null
  cluster?.onDidChangeStatus((status) => push('cluster:status', status))
  let historyFeed: HistoryStatusFeed | null = null
  if (history) {
    history.persistCatalogue(catalogue)
    historyFeed = watchHistory(history, sources, clock, push)
  }
  // Absence triggers time their silence only while their sources are open.
  sources.onDidChangeSource((view) => triggers.sourceChanged(view.id, view.state))
  sources.onDidRemoveSource(({ id }) => triggers.sourceRemoved(id))
  triggers.onDidNotify((notification) => push('notification:fired', notification))
  const readStateChanged = (change: ReadStateChange): void => {
    if (change.read) push('notification:read', { ids: change.ids, unread: change.unread })
    else push('notification:unread', { ids: change.ids, unread: change.unread })
  }
  const sharedNotifications = cluster?.shareNotifications({
    log: triggers.notifications,
    // Kept with the notifications: in their history rows when history holds them.
    keys:
      history && triggers.notifications === history.notifications
        ? history.notifications
        : new MemoryNotificationKeys(),
    fired: (notification) => push('notification:fired', notification),
    read: readStateChanged,
    ...(options.notifier ? { notifier: options.notifier } : {}),
    clock,
    logger,
  })
  if (sharedNotifications)
    triggers.onDidNotify((notification) => sharedNotifications.published(notification))
  triggers.onDidPlaySound((cue) => push('sound:play', cue))
  const triggerFeed = new TriggerViewFeed({ clock, list: () => triggers.list() })
  triggerFeed.onDidChange((views) => push('trigger:changed', views))
  triggerFeed.onDidRemove((removed) => push('trigger:removed', removed))
  const triggerCommands = new TriggerCommands(
    document,
    triggers,
    sources,
    (change) => {
      readStateChanged(change)
      sharedNotifications?.readHere(change)
    },
    clock,
  )
  return {
    monitor: sources,
    triggers,
    triggerCommands,
    triggerFeed,
    history,
    historyFeed,
    historyQueries: new HistoryQueries(history, sources, join(options.dataDir, 'exports'), clock),
    catalogue,
    recorder,
    openedFiles: new OpenedFiles(recorder),
    secrets,
    sourceTests: new SourceTester({
      clock,
      socketFactory: options.socketFactory ?? wsSocketFactory,
      resolveUrl: options.resolveUrl ?? ((url) => Promise.resolve(url)),
      releaseUrl: (url) => options.releaseUrl?.(url),
      inUse: (url) => config().sources.some((source) => source.url === url),
      secrets,
    }),
    cluster,
  }
}

/** Loads the startup config into the parts: triggers, then sources, then absence timers. */
export function startParts(
  parts: EngineParts,
  config: Config,
  problem: ConfigProblem | null,
): void {
  parts.triggers.setTriggers(config.triggers)
  parts.monitor.setSources(config.sources)
  for (const view of parts.monitor.list()) parts.triggers.sourceChanged(view.id, view.state)
  // Saved by a run whose sources were since removed (the file edited, or an older version that
  // kept them). Not when the file failed validation: its sources may come back.
  if (!problem) forgetUnknownSources(parts.catalogue, config)
}

/**
 * Stops the recordings of sources no longer in the config. Nothing would feed them or, with the
 * source gone from the UI, stop them; and a source added again under the same id must record
 * to a file of its own. A recording that cannot be closed properly is logged: the source is
 * gone either way.
 */
export async function stopOrphanRecordings(
  recorder: Recorder,
  config: Config,
  logger: Logger,
): Promise<void> {
  const kept = new Set(config.sources.map((s) => s.id))
  const orphans = recorder.recordedSources().filter((id) => !kept.has(id))
  await Promise.all(
    orphans.map((id) =>
      recorder
        .stop(id)
        .catch((error: unknown) =>
          logger.warn(`recording of removed source "${id}": ${errorText(error)}`),
        ),
    ),
  )
}

/**
 * History's part in the flow of events: it holds the sources back while behind (backpressure),
 * tells each source what it could not store, raises `history-failing` / `history-recovered` as
 * `vigil` events, and keeps the UI's status current.
 */
function watchHistory(
  history: History,
  monitor: Monitor,
  clock: Clock,
  push: EngineHooks['push'],
): HistoryStatusFeed {
  history.onDidChangeHold((hold) =>
    hold ? monitor.holdReading('history') : monitor.releaseReading('history'),
  )
  history.onDidNotStore(({ sourceId, reason, count }) =>
    monitor.countNotStored(sourceId, reason, count),
  )
  history.onDidFail((payload) => monitor.alert('history-failing', payload))
  history.onDidRecover((payload) => monitor.alert('history-recovered', payload))
  return new HistoryStatusFeed(clock, history, (status) => push('history:status', status))
}

function forgetUnknownSources(catalogue: FieldCatalogue, config: Config): void {
  const known = new Set([VIGIL_SOURCE_ID, ...config.sources.map((source) => source.id)])
  for (const id of catalogue.sourceIds()) if (!known.has(id)) catalogue.forget(id)
}

/**
 * A source went back to its old settings: the config follows, so what is saved is what runs.
 * Skipped when the entry changed again meanwhile (a newer save decides).
 */
function keepRollback(
  document: ConfigDocument,
  { rejected, restored }: SourceRollback,
): Promise<void> {
  return document
    .mutate(async () => {
      const current = document.config
      const entry = current.sources.find((s) => s.id === restored.id)
      if (!entry || !jsonEqual(entry, rejected)) return
      await document.commit({
        ...current,
        sources: current.sources.map((s) => (s.id === restored.id ? restored : s)),
      })
    })
    .catch(() => {})
}

export function megabytes(mb: number): number {
  return mb * 1024 * 1024
}
