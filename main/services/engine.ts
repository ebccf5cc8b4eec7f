/**
 * The engine as one object: the config document, the Monitor running its sources, and the pushes
 * towards the UI. Both composition roots (the Electron app and the headless host) build exactly
 * this, so they run the same engine; they differ only in transport and shell.
 */

import { join } from 'node:path'
import { configSchema, emptyConfig, type Config, type ConfigInput } from '../../shared/config'
import type { SourceConfig } from '../../shared/source-config'
import type { AppInfo, ConfigProblem, SourceView } from '../../shared/domain'
import type { TriggerConfig, TriggerDraft } from '../../shared/trigger-config'
import type { BacktestReport, TriggerView } from '../../shared/trigger-views'
import type { EventChannel, Events } from '../../shared/ipc'
import { VigilError } from '../../shared/result'
import { demoConfig } from './demo'
import { Monitor, type SourceRollback } from './monitor'
import type { FiringLog, NotificationLog, TriggerCounterStore } from './notify/notification-log'
import type { Notifier } from './notify/notifier'
import { MemorySecretStore, type SecretStore } from './secrets/secret-store'
import { ConfigFile } from './settings/config-file'
import { wsSocketFactory, type SocketFactory } from './sources/socket-factory'
import type { Clock } from './util/clock'
import { Emitter } from './util/emitter'
import { consoleLogger, type Logger } from './util/logger'
import { runBacktest } from './triggers/backtest'
import { TriggerEngine } from './triggers/trigger-engine'
import {
  referenceIssues,
  triggersUsingSource,
  withEnabled,
  withSnooze,
  withTrigger,
} from './triggers/trigger-edits'

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
  firstRunConfig?: () => ConfigInput
  /** Where notifications, firings and trigger counters are kept (default: in memory). */
  notificationLog?: NotificationLog
  firingLog?: FiringLog
  counterStore?: TriggerCounterStore
  /** Desktop notifications (the Electron shell's); default none (the UI shows the pushes). */
  notifier?: Notifier
  /** Where secrets live (Electron: safeStorage; headless: a 0600 file); default: memory only. */
  secrets?: SecretStore
}

/** Buffered events a backtest looks through at most (per source). */
const MAX_BACKTEST_SCAN = 50_000

/** One push towards the UI, typed by channel. */
export type PushMessage = { [K in EventChannel]: { channel: K; payload: Events[K] } }[EventChannel]

export class Engine {
  readonly monitor: Monitor
  readonly triggers: TriggerEngine
  private readonly pushes = new Emitter<PushMessage>()
  /** Every push for the UI; transports forward these and nothing else. */
  readonly onDidPush = this.pushes.event
  private readonly configChanges = new Emitter<Config>()
  /** The config document was replaced or edited (after it was saved). */
  readonly onDidChangeConfig = this.configChanges.event
  readonly secrets: SecretStore
  private mutations: Promise<unknown> = Promise.resolve()

  private constructor(
    private readonly options: EngineOptions,
    private readonly file: ConfigFile,
    private current: Config,
    readonly configProblem: ConfigProblem | null,
    private readonly logger: Logger,
  ) {
    this.secrets = options.secrets ?? new MemorySecretStore()
    this.monitor = new Monitor({
      socketFactory: options.socketFactory ?? wsSocketFactory,
      ...(options.resolveUrl ? { resolveUrl: options.resolveUrl } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      secrets: this.secrets,
      logger,
    })
    this.monitor.onDidRollBackSource((rollback) => void this.keepRollback(rollback))
    this.monitor.onDidChangeSource((view) =>
      this.pushes.fire({ channel: 'source:changed', payload: view }),
    )
    this.monitor.onDidRemoveSource((removed) =>
      this.pushes.fire({ channel: 'source:removed', payload: removed }),
    )
    this.monitor.onDidBatch((batch) => this.pushes.fire({ channel: 'event:batch', payload: batch }))
    this.triggers = new TriggerEngine({
      ...(options.clock ? { clock: options.clock } : {}),
      logger,
      ...(options.notificationLog ? { notifications: options.notificationLog } : {}),
      ...(options.firingLog ? { firings: options.firingLog } : {}),
      ...(options.counterStore ? { counters: options.counterStore } : {}),
      ...(options.notifier ? { notifier: options.notifier } : {}),
      secrets: this.secrets,
      send: (sourceId, text) => this.monitor.send(sourceId, text),
    })
    this.monitor.onDidReceiveEvent((event) => this.triggers.handle(event))
    this.triggers.onDidNotify((notification) =>
      this.pushes.fire({ channel: 'notification:fired', payload: notification }),
    )
    this.triggers.onDidPlaySound((cue) => this.pushes.fire({ channel: 'sound:play', payload: cue }))
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
      // Parsed like any config, so a partial first-run document gets every default filled in.
      config = configSchema.parse((options.firstRunConfig ?? demoConfig)())
      await file.save(config)
      logger.info(`first run: created ${file.path}`)
    } else {
      problem = loaded.problem
      config = loaded.config ?? emptyConfig()
      logger.warn(
        `${file.path} failed validation and was moved to ${problem.backupPath}; ` +
          (problem.recovered ? 'started from the last good copy. ' : 'started with no sources. ') +
          problem.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '),
      )
    }
    const engine = new Engine(options, file, config, problem, logger)
    engine.triggers.setTriggers(config.triggers)
    engine.monitor.setSources(config.sources)
    return engine
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
      const users = triggersUsingSource(this.current, id)
      if (users.length > 0)
        throw new VigilError('conflict', `source "${id}" is used by trigger ${users.join(', ')}`)
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
      this.triggers.setTriggers(config.triggers)
      this.monitor.setSources(config.sources)
      return this.current
    })
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
   * A source went back to its old settings: the config follows, so what is saved is what runs.
   * Skipped when the entry changed again meanwhile (a newer save decides).
   */
  private keepRollback({ rejected, restored }: SourceRollback): Promise<void> {
    return this.mutate(async () => {
      const current = this.current.sources.find((s) => s.id === restored.id)
      if (!current || JSON.stringify(current) !== JSON.stringify(rejected)) return
      await this.commit({
        ...this.current,
        sources: this.current.sources.map((s) => (s.id === restored.id ? restored : s)),
      })
    }).catch(() => {})
  }

  /** Adds a trigger, or replaces the one with the same id; saved before it starts evaluating. */
  saveTrigger(trigger: TriggerConfig): Promise<TriggerView> {
    return this.mutate(async () => {
      const issues = referenceIssues(this.current, trigger)
      if (issues.length > 0) {
        const message = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
        throw new VigilError('invalid-argument', message, issues)
      }
      await this.commit(withTrigger(this.current, trigger))
      this.triggers.setTriggers(this.current.triggers)
      return this.triggers.view(trigger.id)
    })
  }

  removeTrigger(id: string): Promise<null> {
    return this.mutate(async () => {
      if (!this.current.triggers.some((t) => t.id === id))
        throw new VigilError('not-found', `no trigger with id "${id}"`)
      await this.commit({
        ...this.current,
        triggers: this.current.triggers.filter((t) => t.id !== id),
      })
      this.triggers.setTriggers(this.current.triggers)
      return null
    })
  }

  /** Silences a trigger until `until` (epoch ms), or ends a snooze with null. Kept in the config. */
  snoozeTrigger(id: string, until: number | null): Promise<TriggerView> {
    return this.editTrigger(id, (config) => withSnooze(config, id, until))
  }

  /** Turns a trigger on or off (the list's switch, a notification's "Mute trigger"). */
  setTriggerEnabled(id: string, enabled: boolean): Promise<TriggerView> {
    return this.editTrigger(id, (config) => withEnabled(config, id, enabled))
  }

  /** Marks notifications read and tells every window, so unread counts agree everywhere. */
  markNotificationsRead(ids: readonly number[] | 'all'): number {
    const log = this.triggers.notifications
    const changed = log.markRead(ids)
    if (changed > 0) {
      this.pushes.fire({
        channel: 'notification:read',
        payload: { ids: ids === 'all' ? 'all' : [...ids], unread: log.unreadCount() },
      })
    }
    return changed
  }

  private editTrigger(id: string, edit: (config: Config) => Config): Promise<TriggerView> {
    return this.mutate(async () => {
      if (!this.current.triggers.some((t) => t.id === id))
        throw new VigilError('not-found', `no trigger with id "${id}"`)
      await this.commit(edit(this.current))
      this.triggers.setTriggers(this.current.triggers)
      return this.triggers.view(id)
    })
  }

  /** Runs a draft over the newest `limit` buffered events of its sources and types. */
  backtest(draft: TriggerDraft, limit: number): BacktestReport {
    const sources = draft.sources.length > 0 ? [...new Set(draft.sources)] : [undefined]
    const events = sources.flatMap((source) =>
      this.monitor.recentEvents({ ...(source ? { source } : {}), limit: MAX_BACKTEST_SCAN }),
    )
    return runBacktest(draft, events, limit)
  }

  async dispose(): Promise<void> {
    await this.mutations.catch(() => {})
    this.monitor.flush()
    this.triggers.dispose()
    this.monitor.dispose()
    this.pushes.dispose()
    this.configChanges.dispose()
  }

  /** Writes first and only then adopts: a failed write leaves both disk and engine unchanged. */
  private async commit(next: Config): Promise<void> {
    await this.file.save(next)
    this.current = next
    this.configChanges.fire(next)
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
