/**
 * The engine as one object: the config document, the Monitor running its sources, and the pushes
 * towards the UI. Both composition roots (the Electron app and the headless host) build exactly
 * this, so they run the same engine; they differ only in transport and shell.
 */

import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import type { Config } from '../../shared/config'
import type { ConfigExport, ImportPreview } from '../../shared/config-transfer'
import type { SourceConfig } from '../../shared/source-config'
import type { AppInfo, ConfigProblem, EventQuery, SourceView } from '../../shared/domain'
import type { EventPage, ExportRequest, ExportResult } from '../../shared/history'
import type { EventChannel, Events } from '../../shared/ipc'
import { resolvePreferences } from '../../shared/preferences'
import { replayRequestSchema, type RecordingInfo, type ReplayRequest } from '../../shared/recording'
import { VigilError } from '../../shared/result'
import { FieldCatalogue } from './catalogue/field-catalogue'
import { demoConfig } from './demo'
import { searchBuffered } from './events/memory-search'
import { History } from './history/history'
import { Monitor } from './monitor'
import {
  MemoryCounterStore,
  MemoryFiringLog,
  MemoryNotificationLog,
  type FiringLog,
  type NotificationLog,
  type TriggerCounterStore,
} from './notify/notification-log'
import { Recorder, replaySource } from './recording/recorder'
import { MemorySecretStore, type SecretStore } from './secrets/secret-store'
import { ConfigFile } from './settings/config-file'
import { exportConfig, previewImport } from './settings/config-transfer'
import { wsSocketFactory, type SocketFactory } from './sources/socket-factory'
import { systemClock, type Clock } from './util/clock'
import { Emitter } from './util/emitter'
import { consoleLogger, type Logger } from './util/logger'

export interface EngineOptions {
  dataDir: string
  /** The config document; defaults to `<dataDir>/config.json`. */
  configPath?: string
  mode: AppInfo['mode']
  version: string
  socketFactory?: SocketFactory
  /** Resolves `sim://` URLs to the in-process simulators (injected by the composition root). */
  resolveUrl?: (url: string) => Promise<string>
  clock?: Clock
  logger?: Logger
  /** What a first run starts with (default: the demo source). */
  firstRunConfig?: () => Config
  /**
   * History in SQLite, at `<dataDir>/history.sqlite` by default; `false` keeps only the in-memory
   * buffers. Built apps pass `workerPath` (their `sqlite-worker.js`).
   */
  history?: { path?: string; workerPath?: string; flushIntervalMs?: number } | false
  /** Where secret values live (default: memory only; the headless host passes its 0600 file). */
  secrets?: SecretStore
  /** Where recordings are written (default `<dataDir>/recordings`). */
  recordingsDir?: string
}

/** One push towards the UI, typed by channel. */
export type PushMessage = { [K in EventChannel]: { channel: K; payload: Events[K] } }[EventChannel]

export class Engine {
  readonly monitor: Monitor
  private readonly pushes = new Emitter<PushMessage>()
  /** Every push for the UI; transports forward these and nothing else. */
  readonly onDidPush = this.pushes.event
  private mutations: Promise<unknown> = Promise.resolve()
  /** What Vigil saw and did, kept across restarts; null when running without history. */
  readonly history: History | null
  readonly catalogue = new FieldCatalogue()
  readonly recorder: Recorder
  readonly secrets: SecretStore
  // The trigger engine's ports: SQLite with history, memory without.
  readonly notificationLog: NotificationLog
  readonly firingLog: FiringLog
  readonly counterStore: TriggerCounterStore

  private constructor(
    private readonly options: EngineOptions,
    private readonly file: ConfigFile,
    private current: Config,
    readonly configProblem: ConfigProblem | null,
    private readonly logger: Logger,
    history: History | null,
  ) {
    this.history = history
    this.monitor = new Monitor({
      socketFactory: options.socketFactory ?? wsSocketFactory,
      ...(options.resolveUrl ? { resolveUrl: options.resolveUrl } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(history ? { firstEventId: history.lastEventId + 1 } : {}),
    })
    this.secrets = options.secrets ?? new MemorySecretStore()
    this.notificationLog = history?.notifications ?? new MemoryNotificationLog()
    this.firingLog = history?.firings ?? new MemoryFiringLog()
    this.counterStore = history?.counters ?? new MemoryCounterStore()
    this.monitor.onDidReceiveEvent(this.catalogue.observe)
    if (history) {
      history.attach(this.monitor.onDidReceiveEvent)
      history.persistCatalogue(this.catalogue)
    }
    this.recorder = new Recorder({
      dir: this.recordingsDir,
      clock: options.clock ?? systemClock,
      logger,
      onDidReceiveFrame: this.monitor.onDidReceiveFrame,
    })
    this.monitor.onDidChangeSource((view) =>
      this.pushes.fire({ channel: 'source:changed', payload: view }),
    )
    this.monitor.onDidRemoveSource((removed) =>
      this.pushes.fire({ channel: 'source:removed', payload: removed }),
    )
    this.monitor.onDidBatch((batch) => this.pushes.fire({ channel: 'event:batch', payload: batch }))
  }

  static async start(options: EngineOptions): Promise<Engine> {
    const logger = options.logger ?? consoleLogger
    const file = new ConfigFile(options.configPath ?? join(options.dataDir, 'config.json'))
    const loaded = await file.load()
    let config: Config
    let problem: ConfigProblem | null = null
    if (loaded.kind === 'loaded') {
      config = loaded.config
    } else if (loaded.kind === 'missing') {
      config = (options.firstRunConfig ?? demoConfig)()
      await file.save(config)
      logger.info(`first run: created ${file.path}`)
    } else {
      problem = loaded.problem
      config = loaded.config ?? { version: 1, sources: [], triggers: [] }
      logger.warn(
        `${file.path} failed validation and was moved to ${problem.backupPath}; ` +
          (problem.recovered ? 'started from the last good copy. ' : 'started with no sources. ') +
          problem.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '),
      )
    }
    const history =
      options.history === false
        ? null
        : History.open({
            path: options.history?.path ?? join(options.dataDir, 'history.sqlite'),
            retention: resolvePreferences(config).history,
            logger,
            ...(options.history?.workerPath ? { workerPath: options.history.workerPath } : {}),
            ...(options.history?.flushIntervalMs !== undefined
              ? { flushIntervalMs: options.history.flushIntervalMs }
              : {}),
            ...(options.clock ? { clock: options.clock } : {}),
          })
    const engine = new Engine(options, file, config, problem, logger, history)
    engine.monitor.setSources(config.sources)
    return engine
  }

  private get clock(): Clock {
    return this.options.clock ?? systemClock
  }

  get recordingsDir(): string {
    return this.options.recordingsDir ?? join(this.options.dataDir, 'recordings')
  }

  get config(): Config {
    return this.current
  }

  info(): AppInfo {
    return {
      name: 'Vigil',
      version: this.options.version,
      mode: this.options.mode,
      dataDir: this.options.dataDir,
      configPath: this.file.path,
      configProblem: this.configProblem,
    }
  }

  /** Adds a source, or replaces the settings of the one with the same id; saved before applied. */
  saveSource(source: SourceConfig): Promise<SourceView> {
    return this.mutate(async () => {
      const sources = this.current.sources.some((s) => s.id === source.id)
        ? this.current.sources.map((s) => (s.id === source.id ? source : s))
        : [...this.current.sources, source]
      await this.commit({ ...this.current, sources })
      return this.monitor.upsertSource(source)
    })
  }

  removeSource(id: string): Promise<null> {
    return this.mutate(async () => {
      if (!this.current.sources.some((s) => s.id === id))
        throw new VigilError('not-found', `no source with id "${id}"`)
      await this.commit({
        ...this.current,
        sources: this.current.sources.filter((s) => s.id !== id),
      })
      this.monitor.removeSource(id)
      return null
    })
  }

  /** Replaces the whole document (import, `PUT /api/config`) and brings the sources in line. */
  replaceConfig(config: Config): Promise<Config> {
    return this.mutate(async () => {
      await this.commit(config)
      this.monitor.setSources(config.sources)
      this.history?.setRetention(resolvePreferences(config).history)
      return this.current
    })
  }

  /** Newest first, from history (or the in-memory buffers without it). */
  searchEvents(query: EventQuery): Promise<EventPage> {
    if (this.history) return this.history.search(query)
    return Promise.resolve(searchBuffered((q) => this.monitor.recentEvents(q), query))
  }

  /**
   * Writes an export to `path`, by default a new file in `<dataDir>/exports/`. Only the engine's
   * own callers choose a path (the Electron shell, after a save dialog); the contract channel
   * always writes into the exports folder, so a page can never name a file to write.
   */
  async exportHistory(request: ExportRequest, path?: string): Promise<ExportResult> {
    const history = this.requireHistory()
    let target = path
    if (target === undefined) {
      const dir = join(this.options.dataDir, 'exports')
      await mkdir(dir, { recursive: true, mode: 0o700 })
      const stamp = new Date(this.clock.now()).toISOString().replace(/[:.]/g, '-')
      target = join(dir, `${request.kind}-${stamp}.${request.format}`)
    }
    return history.exportToFile(request, target)
  }

  /** The export as a byte stream (REST downloads). */
  exportHistoryStream(request: ExportRequest): Promise<Readable> {
    return this.requireHistory().exportStream(request)
  }

  exportConfig(): ConfigExport {
    return exportConfig(this.current, this.clock.now())
  }

  async previewImport(document: unknown): Promise<ImportPreview> {
    return previewImport(this.current, document, await this.secrets.list())
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
    const source = this.current.sources.find((s) => s.id === sourceId)
    if (!source) throw new VigilError('not-found', `no source with id "${sourceId}"`)
    return this.recorder.start(source)
  }

  stopRecording(sourceId: string): Promise<RecordingInfo> {
    return this.recorder.stop(sourceId)
  }

  listRecordings(): Promise<RecordingInfo[]> {
    return this.recorder.list()
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

  async dispose(): Promise<void> {
    await this.mutations.catch(() => {})
    await this.recorder.dispose()
    this.monitor.flush()
    this.monitor.dispose()
    this.pushes.dispose()
    await this.history?.close()
  }

  private requireHistory(): History {
    if (!this.history) throw new VigilError('unavailable', 'history is turned off for this run')
    return this.history
  }

  /** Writes first and only then adopts: a failed write leaves both disk and engine unchanged. */
  private async commit(next: Config): Promise<void> {
    await this.file.save(next)
    this.current = next
  }

  /** Config changes run one at a time, in order. */
  private mutate<T>(change: () => Promise<T>): Promise<T> {
    const run = this.mutations.then(change, change)
    this.mutations = run.catch((error: unknown) =>
      this.logger.warn(`config change failed: ${(error as Error).message}`),
    )
    return run
  }
}
