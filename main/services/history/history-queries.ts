/**
 * Reading what Vigil saw: search, and exports to files or streams. With history off (tests, or
 * `history: false`), search falls back to the in-memory buffers and exports are unavailable.
 */

import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import type { EventQuery } from '../../../shared/domain'
import type { EventPage, ExportRequest, ExportResult } from '../../../shared/history'
import { VigilError } from '../../../shared/result'
import { searchBuffered } from '../events/memory-search'
import type { Monitor } from '../monitor'
import type { Clock } from '../util/clock'
import type { History } from './history'

export class HistoryQueries {
  constructor(
    private readonly history: History | null,
    private readonly monitor: Monitor,
    private readonly exportsDir: string,
    private readonly clock: Clock,
  ) {}

  /** Newest first, from history (or the in-memory buffers without it). */
  search(query: EventQuery): Promise<EventPage> {
    if (this.history) return this.history.search(query)
    return Promise.resolve(searchBuffered((q) => this.monitor.recentEvents(q), query))
  }

  /**
   * Writes an export to `path`, by default a new file in the exports folder. Only the engine's
   * own callers choose a path (the Electron shell, after a save dialog); the contract channel
   * always writes into the exports folder, so a page can never name a file to write.
   */
  async exportToFile(request: ExportRequest, path?: string): Promise<ExportResult> {
    const history = this.require()
    let target = path
    if (target === undefined) {
      await mkdir(this.exportsDir, { recursive: true, mode: 0o700 })
      const stamp = new Date(this.clock.now()).toISOString().replace(/[:.]/g, '-')
      target = join(this.exportsDir, `${request.kind}-${stamp}.${request.format}`)
    }
    return history.exportToFile(request, target)
  }

  /** The export as a byte stream (REST downloads). */
  exportStream(request: ExportRequest): Promise<Readable> {
    return this.require().exportStream(request)
  }

  private require(): History {
    if (!this.history) throw new VigilError('unavailable', 'history is turned off for this run')
    return this.history
  }
}
