/**
 * Tells the UI how history is doing, so its banner follows without polling: at once when the
 * state changes (ok, behind, failing), and once a tick (a second) when the count of events not
 * stored moved. Stored counts move with every batch and are not news: the UI asks for them
 * (`history:status`) when it shows them.
 */

import type { HistoryStatus } from '../../../shared/history-status'
import type { Clock, TimerHandle } from '../util/clock'
import type { Unsubscribe } from '../../../shared/utils/emitter'
import type { History } from './history'

export const HISTORY_FEED_INTERVAL_MS = 1_000

export class HistoryStatusFeed {
  private told: HistoryStatus
  private timer: TimerHandle | undefined
  private disposed = false
  private readonly stop: Unsubscribe

  constructor(
    private readonly clock: Clock,
    private readonly history: Pick<History, 'status' | 'onDidChangeStatus'>,
    private readonly tell: (status: HistoryStatus) => void,
  ) {
    this.told = history.status()
    this.stop = history.onDidChangeStatus((status) => this.send(status))
    this.schedule()
  }

  dispose(): void {
    this.disposed = true
    this.stop()
    this.clock.clearTimeout(this.timer)
  }

  private send(status: HistoryStatus): void {
    this.told = status
    this.tell(status)
  }

  private schedule(): void {
    if (this.disposed) return
    this.timer = this.clock.setTimeout(() => {
      const status = this.history.status()
      if (status.notStored !== this.told.notStored || status.state !== this.told.state)
        this.send(status)
      this.schedule()
    }, HISTORY_FEED_INTERVAL_MS)
  }
}
