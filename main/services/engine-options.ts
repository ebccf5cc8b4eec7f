/**
 * How an engine is started: where its data lives, and what the composition root injects (sockets,
 * simulators, the secret store, notifications, a cluster). Tests inject clocks and faulty disks.
 */

import type { ConfigInput, Config } from '../../shared/config'
import type { AppInfo } from '../../shared/domain'
import type { ClusterNode } from './cluster/cluster-port'
import type { HistoryOptions } from './history/history'
import type { FiringLog, NotificationLog, TriggerCounterStore } from './notify/notification-log'
import type { Notifier } from './notify/notifier'
import type { SecretStore } from './secrets/secret-store'
import type { SocketFactory } from './sources/socket-factory'
import type { Clock } from './util/clock'
import type { Logger } from './util/logger'

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
