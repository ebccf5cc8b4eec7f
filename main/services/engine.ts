/**
 * The engine as one object: the config document, the Monitor running its sources, the trigger
 * engine, history, the field catalogue, recordings, and the pushes towards the UI. Both
 * composition roots (the Electron app and the headless host) build exactly this, so they run the
 * same engine; they differ only in transport and shell.
 *
 * A facade: the parts are private (wired in engine-parts.ts), and callers depend on the narrow
 * views of engine-ports.ts (the contract's handlers, the desktop shell, REST health and export).
 * Each domain's commands live with the domain (triggers/trigger-commands.ts,
 * history/history-queries.ts); this class forwards to them and owns the source and config changes
 * that touch several parts.
 */

import { join } from 'node:path'
import type { Readable } from 'node:stream'
import type { Config } from '../../shared/config'
import type { ConfigExport, ImportOptions, ImportPreview } from '../../shared/config-transfer'
import type { AppInfo, ConfigProblem, SourceView } from '../../shared/domain'
import type { ExportRequest } from '../../shared/history'
import type { HistoryStatus } from '../../shared/history-status'
import type { ClusterView } from '../../shared/cluster'
import type { EventChannel, Events } from '../../shared/ipc'
import { resolvePreferences } from '../../shared/preferences'
import { replayRequestSchema, type RecordingInfo, type ReplayRequest } from '../../shared/recording'
import { VigilError } from '../../shared/result'
import type { SourceConfig } from '../../shared/source-config'
import { Emitter } from '../../shared/utils/emitter'
import { demoConfig } from './demo'
import type { EngineOptions } from './engine-options'
import {
  megabytes,
  openHistory,
  recordingsDirOf,
  registerParts,
  startParts,
  stopOrphanRecordings,
  wireEngineParts,
  type EngineParts,
} from './engine-parts'
import type { ContractPort, HistoryExportPort, PushMessage, ShellPort } from './engine-ports'
import type { History } from './history/history'
import { loadStartupConfig } from './settings/config-bootstrap'
import { ConfigDocument, type CommitOptions } from './settings/config-document'
import { ConfigFile } from './settings/config-file'
import { ConfigTransferCommands } from './settings/config-transfer-commands'
import { replaySource } from './recording/replay-source'
import { triggersUsingSource } from './triggers/trigger-edits'
import { systemClock, type Clock } from './util/clock'
import { consoleLogger, type Logger } from './util/logger'

export type { EngineOptions } from './engine-options'

export class Engine implements ContractPort, ShellPort, HistoryExportPort {
  private readonly parts: EngineParts
  private readonly configTransfer: ConfigTransferCommands
  private readonly pushes = new Emitter<PushMessage>()
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
    this.onDidChangeConfig = document.onDidChange
    this.parts = wireEngineParts(options, document, history, logger, {
      applyConfig: (config, commit) => this.applyConfig(config, commit),
      push: (channel, payload) => this.push(channel, payload),
    })
    registerParts(this, this.parts)
    this.configTransfer = new ConfigTransferCommands({
      config: () => this.config,
      secrets: this.parts.secrets,
      clock: this.clock,
      replace: (config, options) => this.replaceConfig(config, options),
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
    const history = openHistory(options, config, logger)
    const document = new ConfigDocument(file, config, logger)
    const engine = new Engine(options, document, problem, logger, history)
    startParts(engine.parts, config, problem)
    const { cluster } = engine.parts
    if (cluster) {
      engine.onDidChangeConfig((next) => cluster.configChanged(next))
      await cluster.start(config)
    }
    return engine
  }

  get config(): Config {
    return this.document.config
  }

  get recordingsDir(): string {
    return recordingsDirOf(this.options)
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
      return this.parts.monitor.upsertSource(source)
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
      this.parts.monitor.removeSource(id)
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
    this.parts.triggers.setTriggers(config.triggers)
    this.parts.monitor.setSources(config.sources)
    await this.stopOrphanRecordings()
    const preferences = resolvePreferences(config)
    this.parts.history?.setRetention(preferences.history)
    this.parts.history?.setBudget(preferences.history)
    this.parts.monitor.setRecentBudget(megabytes(preferences.memory.recentEventsMb))
    return this.config
  }

  /** Stores a secret; sources waiting on it retry at once. */
  async setSecret(ref: string, value: string): Promise<null> {
    await this.parts.secrets.set(ref, value)
    this.parts.monitor.secretChanged(ref)
    return null
  }

  async deleteSecret(ref: string): Promise<null> {
    await this.parts.secrets.delete(ref)
    return null
  }

  exportConfig(): Promise<ConfigExport> {
    return this.configTransfer.export()
  }

  previewImport(document: unknown): Promise<ImportPreview> {
    return this.configTransfer.preview(document)
  }

  importConfig(document: unknown, options: ImportOptions = {}): Promise<Config> {
    return this.configTransfer.import(document, options)
  }

  async startRecording(sourceId: string): Promise<RecordingInfo> {
    const source = this.config.sources.find((s) => s.id === sourceId)
    if (!source) throw new VigilError('not-found', `no source with id "${sourceId}"`)
    const info = await this.parts.recorder.start(source)
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
    const recording = await this.parts.recorder.info(id)
    return this.saveSource(replaySource(recording, speed, this.clock.now().toString(36)))
  }

  // The facade: what callers need of the parts, forwarded (engine-ports.ts groups these).

  listSources(): SourceView[] {
    return this.parts.monitor.list()
  }

  sourceHolder(sourceId: string): string | null {
    return this.parts.cluster?.holderOf(sourceId) ?? null
  }

  connectSource(id: string): SourceView {
    return this.parts.monitor.connect(id)
  }

  disconnectSource(id: string): SourceView {
    return this.parts.monitor.disconnect(id)
  }

  retrySource(id: string): SourceView {
    return this.parts.monitor.retry(id)
  }

  sourceTimeline(...args: Parameters<ContractPort['sourceTimeline']>) {
    return this.parts.monitor.timeline(...args)
  }

  sendToSource(...args: Parameters<ContractPort['sendToSource']>) {
    return this.parts.monitor.send(...args)
  }

  pauseAll(): SourceView[] {
    return this.parts.monitor.pauseAll()
  }

  resumeAll(): SourceView[] {
    return this.parts.monitor.resumeAll()
  }

  testSource(...args: Parameters<ContractPort['testSource']>) {
    return this.parts.sourceTests.test(...args)
  }

  listSecrets(): Promise<string[]> {
    return this.parts.secrets.list()
  }

  listTriggers(): ReturnType<ContractPort['listTriggers']> {
    return this.parts.triggers.list()
  }

  saveTrigger(...args: Parameters<ContractPort['saveTrigger']>) {
    return this.parts.triggerCommands.save(...args)
  }

  removeTrigger(id: string): Promise<null> {
    return this.parts.triggerCommands.remove(id)
  }

  backtestTrigger(...args: Parameters<ContractPort['backtestTrigger']>) {
    return this.parts.triggerCommands.backtest(...args)
  }

  triggerNearMisses(...args: Parameters<ContractPort['triggerNearMisses']>) {
    return this.parts.triggers.nearMisses(...args)
  }

  triggerNearMissReport(...args: Parameters<ContractPort['triggerNearMissReport']>) {
    return this.parts.triggers.nearMissReport(...args)
  }

  snoozeTrigger(...args: Parameters<ContractPort['snoozeTrigger']>) {
    return this.parts.triggerCommands.snooze(...args)
  }

  setTriggerEnabled(...args: Parameters<ContractPort['setTriggerEnabled']>) {
    return this.parts.triggerCommands.setEnabled(...args)
  }

  listNotifications(...args: Parameters<ContractPort['listNotifications']>) {
    return this.parts.triggers.notifications.list(...args)
  }

  unreadNotificationCount(...args: Parameters<ContractPort['unreadNotificationCount']>) {
    return this.parts.triggers.notifications.unreadCount(...args)
  }

  markNotificationsRead(...args: Parameters<ContractPort['markNotificationsRead']>) {
    return this.parts.triggerCommands.markNotificationsRead(...args)
  }

  markNotificationsUnread(...args: Parameters<ContractPort['markNotificationsUnread']>) {
    return this.parts.triggerCommands.markNotificationsUnread(...args)
  }

  searchEvents(...args: Parameters<ContractPort['searchEvents']>) {
    return this.parts.historyQueries.search(...args)
  }

  exportHistory(request: ExportRequest): ReturnType<ContractPort['exportHistory']> {
    return this.parts.historyQueries.exportToFile(request)
  }

  exportHistoryStream(request: ExportRequest): Promise<Readable> {
    return this.parts.historyQueries.exportStream(request)
  }

  historyStatus(): HistoryStatus | null {
    return this.parts.history?.status() ?? null
  }

  stopRecording(...args: Parameters<ContractPort['stopRecording']>) {
    return this.parts.recorder.stop(...args)
  }

  listRecordings(): ReturnType<ContractPort['listRecordings']> {
    return this.parts.recorder.list()
  }

  fieldCatalogue(...args: Parameters<ContractPort['fieldCatalogue']>) {
    return this.parts.catalogue.get(...args)
  }

  clusterStatus(): ClusterView {
    return this.parts.cluster?.view() ?? { enabled: false }
  }

  get clusterConfigVersion(): number | null | undefined {
    return this.parts.cluster?.configVersion
  }

  get clusterNodeName(): string | null {
    return this.parts.cluster?.name ?? null
  }

  openFile(...args: Parameters<ShellPort['openFile']>) {
    return this.parts.openedFiles.open(...args)
  }

  takeOpenedFile(...args: Parameters<ContractPort['takeOpenedFile']>) {
    return this.parts.openedFiles.take(...args)
  }

  /** Flushes what is buffered (history, recordings, the UI's last batch) and closes everything. */
  async dispose(): Promise<void> {
    // First: the other members take this host's sources while the rest closes.
    await this.parts.cluster?.stop()
    await this.document.settled()
    await this.parts.recorder.dispose()
    this.parts.monitor.flush()
    this.parts.triggerFeed.dispose()
    this.parts.historyFeed?.dispose()
    this.parts.triggers.dispose()
    this.parts.monitor.dispose()
    this.pushes.dispose()
    this.document.dispose()
    await this.parts.history?.close()
  }

  /** Stops the recordings of sources no longer in the config (see stopOrphanRecordings). */
  private stopOrphanRecordings(): Promise<void> {
    return stopOrphanRecordings(this.parts.recorder, this.config, this.logger)
  }

  private get clock(): Clock {
    return this.options.clock ?? systemClock
  }

  private push<K extends EventChannel>(channel: K, payload: Events[K]): void {
    this.pushes.fire({ channel, payload } as PushMessage)
  }
}
