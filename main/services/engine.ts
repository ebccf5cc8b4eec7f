/**
 * The engine as one object: the config document, the Monitor running its sources, the trigger
 * engine, history, the field catalogue, recordings, and the pushes towards the UI. Both
 * composition roots (the Electron app and the headless host) build exactly this, so they run the
 * same engine; they differ only in transport and shell.
 *
 * Each domain's commands live with the domain (triggers/trigger-commands.ts,
 * history/history-queries.ts); this class wires them together and owns the source and config
 * changes that touch several of them.
 */

import { join } from 'node:path'
import type { Config, ConfigInput } from '../../shared/config'
import type { ConfigExport, ImportPreview } from '../../shared/config-transfer'
import type { AppInfo, ConfigProblem, SourceView } from '../../shared/domain'
import type { EventChannel, Events } from '../../shared/ipc'
import { resolvePreferences } from '../../shared/preferences'
import { replayRequestSchema, type RecordingInfo, type ReplayRequest } from '../../shared/recording'
import { VigilError } from '../../shared/result'
import type { SourceConfig } from '../../shared/source-config'
import { VIGIL_SOURCE_ID } from '../../shared/source-ids'
import { FieldCatalogue } from './catalogue/field-catalogue'
import type { ClusterNode } from './cluster/cluster-port'
import { ClusterLink } from './cluster-link'
import { OpenedFiles } from './files/opened-files'
import { demoConfig } from './demo'
import { History, type HistoryOptions } from './history/history'
import { HistoryQueries } from './history/history-queries'
import { HistoryStatusFeed } from './history/history-status-feed'
import { Monitor, type SourceRollback } from './monitor'
import type { FiringLog, NotificationLog, TriggerCounterStore } from './notify/notification-log'
import type { Notifier } from './notify/notifier'
import { Recorder, replaySource } from './recording/recorder'
import { MemorySecretStore, type SecretStore } from './secrets/secret-store'
import { loadStartupConfig } from './settings/config-bootstrap'
import { ConfigDocument, type CommitOptions } from './settings/config-document'
import { ConfigFile } from './settings/config-file'
import { exportConfig, exportedCredentials, previewImport } from './settings/config-transfer'
import { wsSocketFactory, type SocketFactory } from './sources/socket-factory'
import { SourceTester } from './sources/source-tester'
import { TriggerCommands, type ReadStateChange } from './triggers/trigger-commands'
import { triggersUsingSource } from './triggers/trigger-edits'
import { TriggerEngine } from './triggers/trigger-engine'
import { TriggerViewFeed } from './triggers/trigger-view-feed'
import { systemClock, type Clock } from './util/clock'
import { Emitter } from '../../shared/utils/emitter'
import { consoleLogger, type Logger } from './util/logger'
import { errorText } from '../../shared/utils/error-text'
import { jsonEqual } from '../../shared/utils/json-equal'

export interface EngineOptions {
  dataDir: string
  /** The config document; defaults to `<dataDir>/config.json`. */
  configPath?: string
  /** Replaces a config file atomically (default: writeFileAtomic); tests inject a full disk. */
  writeConfig?: (path: string, text: string) => Promise<void>
  mode: AppInfo['mode']
  version: string
  socketFactory?: SocketFactory
  /** Resolves `sim://` URLs to the in-process simulators (injected by the composition root). */
  resolveUrl?: (url: string) => Promise<string>
  /** A URL no source uses any more: what `resolveUrl` started for it alone can stop (replays). */
  releaseUrl?: (url: string) => void
  clock?: Clock
  logger?: Logger
  /** What a first run starts with (default: the demo source and triggers). */
  firstRunConfig?: () => ConfigInput
  /**
   * History in SQLite, at `<dataDir>/history.sqlite` by default; `false` keeps only the in-memory
   * buffers. Built apps pass `workerPath` (their `sqlite-worker.js`).
   */
  history?:
    | {
        path?: string
        workerPath?: string
        flushIntervalMs?: number
        /** Makes the SQLite thread (tests inject one whose writes can be held back). */
        thread?: HistoryOptions['thread']
      }
    | false
  /**
   * Where notifications, firings and trigger counters are kept. Default: history's SQLite
   * tables, or memory when history is off.
   */
  notificationLog?: NotificationLog
  firingLog?: FiringLog
  counterStore?: TriggerCounterStore
  /** Desktop notifications (the Electron shell's); default none (the UI shows the pushes). */
  notifier?: Notifier
  /** Where secrets live (Electron: safeStorage; headless: a 0600 file); default: memory only. */
  secrets?: SecretStore
  /** Where recordings are written (default `<dataDir>/recordings`). */
  recordingsDir?: string
  /**
   * Joins a cluster of hosts (docs/cluster.md): makes this host's node, given its own config to
   * compare with the cluster's. Without it the engine is a single host.
   */
  cluster?: (localConfig: () => Config) => ClusterNode
}

/** One push towards the UI, typed by channel. */
export type PushMessage = { [K in EventChannel]: { channel: K; payload: Events[K] } }[EventChannel]

export class Engine {
  readonly monitor: Monitor
  readonly triggers: TriggerEngine
  readonly triggerCommands: TriggerCommands
  private readonly triggerFeed: TriggerViewFeed
  /** What Vigil saw and did, kept across restarts; null when running without history. */
  readonly history: History | null
  readonly historyQueries: HistoryQueries
  readonly catalogue = new FieldCatalogue()
  readonly recorder: Recorder
  /** Files the OS asked the desktop app to open, until the page takes them. */
  readonly openedFiles: OpenedFiles
  readonly secrets: SecretStore
  /** Connection tests with unsaved settings (`source:test`), apart from the running sources. */
  readonly sourceTests: SourceTester
  private readonly pushes = new Emitter<PushMessage>()
  private historyFeed: HistoryStatusFeed | undefined
  /** The cluster this host is part of, or null for a single host. */
  readonly cluster: ClusterLink | null
  /** Every push for the UI; transports forward these and nothing else. */
  readonly onDidPush = this.pushes.event
  /** The config document was replaced or edited (after it was saved). */
  readonly onDidChangeConfig: ConfigDocument['onDidChange']

  private constructor(
    private readonly options: EngineOptions,
    private readonly document: ConfigDocument,
    readonly configProblem: ConfigProblem | null,
    private readonly logger: Logger,
    history: History | null,
  ) {
    const clock = options.clock ?? systemClock
    this.onDidChangeConfig = document.onDidChange
    this.history = history
    this.secrets = options.secrets ?? new MemorySecretStore()
    this.triggers = new TriggerEngine({
      clock,
      logger,
      notifications: options.notificationLog ?? history?.notifications,
      firings: options.firingLog ?? history?.firings,
      counters: options.counterStore ?? history?.counters,
      ...(options.notifier ? { notifier: options.notifier } : {}),
      secrets: this.secrets,
      send: (sourceId, text) => this.monitor.send(sourceId, text),
    })
    this.recorder = new Recorder({ dir: this.recordingsDir, clock, logger })
    // Every event goes to these, in this order (event-flow.ts): the catalogue and history first
    // (cheap appends), then trigger evaluation; every frame to the recorder while it records.
    this.monitor = new Monitor({
      socketFactory: options.socketFactory ?? wsSocketFactory,
      ...(options.resolveUrl ? { resolveUrl: options.resolveUrl } : {}),
      ...(options.releaseUrl ? { releaseUrl: options.releaseUrl } : {}),
      clock,
      secrets: this.secrets,
      logger,
      recentBytesPerSource: megabytes(resolvePreferences(document.config).memory.recentEventsMb),
      ...(history ? { firstEventId: history.lastEventId + 1 } : {}),
      subscribers: {
        catalogue: this.catalogue,
        ...(history ? { history: history.events } : {}),
        triggers: this.triggers,
        recorder: this.recorder,
        // In a cluster, the events of the sources this host holds go to the other hosts.
        cluster: { publish: (event) => this.cluster?.publish(event) },
      },
    })
    this.monitor.onDidRollBackSource((rollback) => void this.keepRollback(rollback))
    this.monitor.onDidChangeSource((view) => this.push('source:changed', view))
    this.monitor.onDidRemoveSource((removed) => this.push('source:removed', removed))
    // A source removed, alone or by a replaced config: what was learnt of it goes too.
    this.monitor.onDidRemoveSource(({ id }) => this.catalogue.forget(id))
    this.monitor.onDidBatch((batch) => this.push('event:batch', batch))
    // Before any source is added: in a cluster, only the sources this host holds connect.
    const node = options.cluster?.(() => this.config)
    this.cluster = node
      ? new ClusterLink({
          cluster: node,
          monitor: this.monitor,
          logger,
          config: {
            serialise: (change) => document.mutate(change),
            apply: (config) => this.applyConfig(config, { fromCluster: true }),
            shareWith: (share) => document.shareWith(share),
          },
        })
      : null
    this.cluster?.onDidChangeStatus((status) => this.push('cluster:status', status))
    if (history) {
      history.persistCatalogue(this.catalogue)
      this.historyFeed = this.watchHistory(history, clock)
    }
    // Absence triggers time their silence only while their sources are open.
    this.monitor.onDidChangeSource((view) => this.triggers.sourceChanged(view.id, view.state))
    this.monitor.onDidRemoveSource(({ id }) => this.triggers.sourceRemoved(id))
    this.triggers.onDidNotify((notification) => this.push('notification:fired', notification))
    const sharedNotifications = this.cluster?.shareNotifications({
      log: this.triggers.notifications,
      fired: (notification) => this.push('notification:fired', notification),
      read: (change) => this.readStateChanged(change),
      ...(options.notifier ? { notifier: options.notifier } : {}),
      clock,
      logger,
    })
    if (sharedNotifications)
      this.triggers.onDidNotify((notification) => sharedNotifications.published(notification))
    this.triggers.onDidPlaySound((cue) => this.push('sound:play', cue))
    this.triggerFeed = new TriggerViewFeed({ clock, list: () => this.triggers.list() })
    this.triggerFeed.onDidChange((views) => this.push('trigger:changed', views))
    this.triggerFeed.onDidRemove((removed) => this.push('trigger:removed', removed))
    this.triggerCommands = new TriggerCommands(
      document,
      this.triggers,
      this.monitor,
      (change) => {
        this.readStateChanged(change)
        sharedNotifications?.readHere(change)
      },
      clock,
    )

    this.historyQueries = new HistoryQueries(
      history,
      this.monitor,
      join(options.dataDir, 'exports'),
      clock,
    )
    this.openedFiles = new OpenedFiles(this.recorder)
    this.sourceTests = new SourceTester({
      clock,
      socketFactory: options.socketFactory ?? wsSocketFactory,
      resolveUrl: options.resolveUrl ?? ((url) => Promise.resolve(url)),
      releaseUrl: (url) => options.releaseUrl?.(url),
      inUse: (url) => this.config.sources.some((source) => source.url === url),
      secrets: this.secrets,
    })
  }

  static async start(options: EngineOptions): Promise<Engine> {
    const logger = options.logger ?? consoleLogger
    const file = new ConfigFile(
      options.configPath ?? join(options.dataDir, 'config.json'),
      options.writeConfig ? { write: options.writeConfig } : {},
    )
    const { config, problem } = await loadStartupConfig(
      file,
      options.firstRunConfig ?? demoConfig,
      logger,
    )
    const history =
      options.history === false
        ? null
        : History.open({
            path: options.history?.path ?? join(options.dataDir, 'history.sqlite'),
            retention: resolvePreferences(config).history,
            events: {
              backlogBytes: megabytes(resolvePreferences(config).history.backlogMb),
              whenBehind: resolvePreferences(config).history.whenBehind,
            },
            logger,
            ...(options.history?.thread ? { thread: options.history.thread } : {}),
            ...(options.history?.workerPath ? { workerPath: options.history.workerPath } : {}),
            ...(options.history?.flushIntervalMs !== undefined
              ? { flushIntervalMs: options.history.flushIntervalMs }
              : {}),
            ...(options.clock ? { clock: options.clock } : {}),
          })
    const document = new ConfigDocument(file, config, logger)
    const engine = new Engine(options, document, problem, logger, history)
    engine.triggers.setTriggers(config.triggers)
    engine.monitor.setSources(config.sources)
    for (const view of engine.monitor.list()) engine.triggers.sourceChanged(view.id, view.state)
    // Saved by a run whose sources were since removed (the file edited, or an older version that
    // kept them). Not when the file failed validation: its sources may come back.
    if (!problem) engine.forgetUnknownSources(config)
    if (engine.cluster) {
      engine.onDidChangeConfig((next) => engine.cluster?.configChanged(next))
      await engine.cluster.start(config)
    }
    return engine
  }

  get config(): Config {
    return this.document.config
  }

  get recordingsDir(): string {
    return this.options.recordingsDir ?? join(this.options.dataDir, 'recordings')
  }

  info(): AppInfo {
    return {
      name: 'Vigil',
      version: this.options.version,
      mode: this.options.mode,
      dataDir: this.options.dataDir,
      configPath: this.document.path,
      configProblem: this.configProblem,
    }
  }

  /** Adds a source, or replaces the settings of the one with the same id; saved before applied. */
  saveSource(source: SourceConfig): Promise<SourceView> {
    return this.document.mutate(async () => {
      const current = this.config
      const sources = current.sources.some((s) => s.id === source.id)
        ? current.sources.map((s) => (s.id === source.id ? source : s))
        : [...current.sources, source]
      await this.document.commit({ ...current, sources })
      return this.monitor.upsertSource(source)
    })
  }

  /**
   * Removes a source; refused while a trigger listens to it or sends on it. A recording of it is
   * stopped (see stopOrphanRecordings).
   */
  removeSource(id: string): Promise<null> {
    return this.document.mutate(async () => {
      const current = this.config
      if (!current.sources.some((s) => s.id === id))
        throw new VigilError('not-found', `no source with id "${id}"`)
      const users = triggersUsingSource(current, id)
      if (users.length > 0)
        throw new VigilError('conflict', `source "${id}" is used by trigger ${users.join(', ')}`)
      await this.document.commit({
        ...current,
        sources: current.sources.filter((s) => s.id !== id),
      })
      this.monitor.removeSource(id)
      await this.stopOrphanRecordings()
      return null
    })
  }

  /** Replaces the whole document (import, `PUT /api/config`) and brings everything in line. */
  replaceConfig(config: Config, options: CommitOptions = {}): Promise<Config> {
    return this.document.mutate(() => this.applyConfig(config, options))
  }

  /** replaceConfig's work, inside a `mutate`. */
  private async applyConfig(config: Config, options: CommitOptions): Promise<Config> {
    await this.document.commit(config, options)
    this.triggers.setTriggers(config.triggers)
    this.monitor.setSources(config.sources)
    await this.stopOrphanRecordings()
    const preferences = resolvePreferences(config)
    this.history?.setRetention(preferences.history)
    this.history?.setBudget(preferences.history)
    this.monitor.setRecentBudget(megabytes(preferences.memory.recentEventsMb))
    return this.config
  }

  /** Stores a secret; sources waiting on it retry at once. */
  async setSecret(ref: string, value: string): Promise<null> {
    await this.secrets.set(ref, value)
    this.monitor.secretChanged(ref)
    return null
  }

  async deleteSecret(ref: string): Promise<null> {
    await this.secrets.delete(ref)
    return null
  }

  /**
   * The document to share: literal credentials in headers named as secret references. The values
   * behind new references are stored here, so the exported document also works on this machine.
   */
  async exportConfig(): Promise<ConfigExport> {
    const config = this.config
    const stored = new Map<string, string>()
    for (const ref of await this.secrets.list()) {
      const value = await this.secrets.get(ref)
      if (value !== undefined) stored.set(ref, value)
    }
    for (const [ref, value] of exportedCredentials(config, stored)) {
      await this.secrets.set(ref, value)
      stored.set(ref, value)
    }
    return exportConfig(config, this.clock.now(), stored)
  }

  async previewImport(document: unknown): Promise<ImportPreview> {
    return previewImport(this.config, document, await this.secrets.list())
  }

  /** Validates (migrating an older version), then replaces the config atomically. */
  async importConfig(document: unknown): Promise<Config> {
    const preview = await this.previewImport(document)
    if (!preview.valid) {
      const count = preview.issues.length
      throw new VigilError(
        'invalid-argument',
        `the imported config has ${count} problem${count === 1 ? '' : 's'}: ` +
          preview.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '),
        preview.issues,
      )
    }
    return this.replaceConfig(preview.config)
  }

  async startRecording(sourceId: string): Promise<RecordingInfo> {
    const source = this.config.sources.find((s) => s.id === sourceId)
    if (!source) throw new VigilError('not-found', `no source with id "${sourceId}"`)
    const info = await this.recorder.start(source)
    // Removed while the file was opening: the removal did not see this recording to stop it.
    if (!this.config.sources.some((s) => s.id === sourceId)) {
      await this.stopOrphanRecordings()
      throw new VigilError('not-found', `source "${sourceId}" was removed`)
    }
    return info
  }

  /**
   * Adds (or updates) a source that replays a recording through the whole pipeline. Each call
   * starts a fresh playback from the beginning (a new `run` in the URL).
   */
  async replayRecording(request: ReplayRequest): Promise<SourceView> {
    const { id, speed } = replayRequestSchema.parse(request)
    const recording = await this.recorder.info(id)
    return this.saveSource(replaySource(recording, speed, this.clock.now().toString(36)))
  }

  /** Flushes what is buffered (history, recordings, the UI's last batch) and closes everything. */
  async dispose(): Promise<void> {
    // First: the other members take this host's sources while the rest closes.
    await this.cluster?.stop()
    await this.document.settled()
    await this.recorder.dispose()
    this.monitor.flush()
    this.triggerFeed.dispose()
    this.historyFeed?.dispose()
    this.triggers.dispose()
    this.monitor.dispose()
    this.pushes.dispose()
    this.document.dispose()
    await this.history?.close()
  }

  /**
   * History's part in the flow of events: it holds the sources back while behind (backpressure),
   * tells each source what it could not store, raises `history-failing` / `history-recovered` as
   * `vigil` events, and keeps the UI's status current.
   */
  private watchHistory(history: History, clock: Clock): HistoryStatusFeed {
    history.onDidChangeHold((hold) =>
      hold ? this.monitor.holdReading('history') : this.monitor.releaseReading('history'),
    )
    history.onDidNotStore(({ sourceId, reason, count }) =>
      this.monitor.countNotStored(sourceId, reason, count),
    )
    history.onDidFail((payload) => this.monitor.alert('history-failing', payload))
    history.onDidRecover((payload) => this.monitor.alert('history-recovered', payload))
    const feed = new HistoryStatusFeed(clock, history, (status) =>
      this.push('history:status', status),
    )
    return feed
  }

  private forgetUnknownSources(config: Config): void {
    const known = new Set([VIGIL_SOURCE_ID, ...config.sources.map((source) => source.id)])
    for (const id of this.catalogue.sourceIds()) if (!known.has(id)) this.catalogue.forget(id)
  }

  /**
   * Stops the recordings of sources no longer in the config. Nothing would feed them or, with the
   * source gone from the UI, stop them; and a source added again under the same id must record
   * to a file of its own. A recording that cannot be closed properly is logged: the source is
   * gone either way.
   */
  private async stopOrphanRecordings(): Promise<void> {
    const kept = new Set(this.config.sources.map((s) => s.id))
    const orphans = this.recorder.recordedSources().filter((id) => !kept.has(id))
    await Promise.all(
      orphans.map((id) =>
        this.recorder
          .stop(id)
          .catch((error: unknown) =>
            this.logger.warn(`recording of removed source "${id}": ${errorText(error)}`),
          ),
      ),
    )
  }

  private get clock(): Clock {
    return this.options.clock ?? systemClock
  }

  private readStateChanged(change: ReadStateChange): void {
    if (change.read) this.push('notification:read', { ids: change.ids, unread: change.unread })
    else this.push('notification:unread', { ids: change.ids, unread: change.unread })
  }

  private push<K extends EventChannel>(channel: K, payload: Events[K]): void {
    this.pushes.fire({ channel, payload } as PushMessage)
  }

  /**
   * A source went back to its old settings: the config follows, so what is saved is what runs.
   * Skipped when the entry changed again meanwhile (a newer save decides).
   */
  private keepRollback({ rejected, restored }: SourceRollback): Promise<void> {
    return this.document
      .mutate(async () => {
        const current = this.config
        const entry = current.sources.find((s) => s.id === restored.id)
        if (!entry || !jsonEqual(entry, rejected)) return
        await this.document.commit({
          ...current,
          sources: current.sources.map((s) => (s.id === restored.id ? restored : s)),
        })
      })
      .catch(() => {})
  }
}

function megabytes(mb: number): number {
  return mb * 1024 * 1024
}
