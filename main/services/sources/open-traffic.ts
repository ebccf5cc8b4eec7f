/**
 * What a session says on its open connection: the settings' own messages (on open, and those a
 * live change sends), the sends queued while it logged in, and the watches that run with it. Each
 * own message is told to the current settings' classifier first, since it may await a reply.
 */

import type { Clock } from '../util/clock'
import type { Connection } from './connection'
import type { ResolvedSettings, SettingsChange } from './connection-settings'
import type { ConnectionWatches } from './connection-watches'
import type { Outbox } from './outbox'
import type { ReadingHold } from './reading-hold'
import type { SourceNotices } from './source-notices'

export class OpenTraffic {
  constructor(
    /** The session's settings now: every resolve makes a new classifier. */
    private readonly settings: () => ResolvedSettings,
    private readonly clock: Clock,
    private readonly watches: ConnectionWatches,
    private readonly outbox: Outbox,
    private readonly reading: ReadingHold,
    private readonly notices: SourceNotices,
  ) {}

  /** The connection is open (and logged in): on-open messages, queued sends, the watches. */
  opened(connection: Connection, now: number): void {
    const settings = this.settings()
    settings.classifier.opened?.()
    for (const text of settings.onOpen) this.sendOwn(connection, text)
    this.outbox.flush(connection)
    this.watches.start(settings, (text) => this.sendOwn(connection, text), now)
  }

  /** A live change on the open connection: its messages, new timings, the preset's watches. */
  changed(connection: Connection, live: readonly string[] | null, change: SettingsChange): void {
    const settings = this.settings()
    for (const text of live ?? []) this.sendOwn(connection, text)
    const now = this.clock.now()
    if (change.timing) {
      connection.retime(settings)
      this.watches.retime(settings, now)
    }
    if (change.options) {
      this.notices.clear()
      this.watches.startPreset(settings, (text) => this.sendOwn(connection, text), now)
    }
    // Restarted watches must not count a paused reader as silent.
    if (this.reading.isPaused) this.watches.suspend()
  }

  /** Sends a message of the source's settings, telling the classifier (it may await a reply). */
  private sendOwn(connection: Connection, text: string): void {
    this.settings().classifier.sent?.(text)
    connection.send(text)
  }
}
