/**
 * What Vigil says when a source fails (down for its whole dead-channel window) or recovers from
 * that: the alert, ingested as an event of the `vigil` source, and the log line.
 */

import type { SourceAlertPayload, SourceState, VigilAlertType } from '../../../shared/domain'
import type { SourceConfig } from '../../../shared/source-config'
import type { Logger } from '../util/logger'
import type { SourceMetrics } from './source-metrics'

export class SourceAlerts {
  constructor(
    /** The source's settings now. */
    private readonly settings: () => SourceConfig,
    private readonly metrics: SourceMetrics,
    private readonly logger: Logger,
    private readonly alert: (type: VigilAlertType, payload: SourceAlertPayload) => void,
  ) {}

  failed(downSince: number): void {
    const { lastError } = this.metrics
    this.logger.warn(
      `source "${this.settings().name}" failed: down since ${new Date(downSince).toISOString()}` +
        (lastError ? ` (${lastError.message})` : ''),
    )
    this.alert('source-failed', this.payload('failed', downSince))
  }

  recovered(downSince: number): void {
    this.logger.info(`source "${this.settings().name}" recovered`)
    this.alert('source-recovered', this.payload('open', downSince))
  }

  private payload(state: SourceState, downSince: number): SourceAlertPayload {
    const { id: sourceId, name } = this.settings()
    return { sourceId, name, state, lastError: this.metrics.lastError, downSince }
  }
}
