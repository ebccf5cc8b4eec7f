/** What a Monitor is built from, and what it reports of a source's settings. */

import type { SourceConfig } from '../../shared/source-config'
import type { EventSubscribers } from './event-flow'
import type { SecretStore } from './secrets/secret-store'
import type { SocketFactory } from './sources/socket-factory'
import type { Clock } from './util/clock'
import type { Logger } from './util/logger'

export interface MonitorOptions {
  socketFactory: SocketFactory
  resolveUrl?: (url: string) => Promise<string>
  /**
   * A configured URL that no source uses any more (its source removed, or moved to another URL):
   * whatever `resolveUrl` started for it alone (a replay's playback) can be let go.
   */
  releaseUrl?: (url: string) => void
  clock?: Clock
  /** Recent events kept in memory per source, for live views and backtests: at most this many... */
  recentPerSource?: number
  /** ...and at most this many bytes of frames as received (preferences.memory.recentEventsMb). */
  recentBytesPerSource?: number
  /** First event id of this run (history continues numbering after what it has stored). */
  firstEventId?: number
  random?: () => number
  /** Where source credentials are read at connect time (default: in memory). */
  secrets?: SecretStore
  logger?: Logger
  /** The Engine's parts that hear of every event (event-flow.ts); none for a Monitor alone. */
  subscribers?: EventSubscribers
}

/** A live settings change a source could not open with, and the settings it went back to. */
export interface SourceRollback {
  rejected: SourceConfig
  restored: SourceConfig
}
