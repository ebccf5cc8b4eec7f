/** What the UI and the REST API see of a source: its settings, lifecycle, counters and notices. */

import type { SourceNotice, SourceStats, SourceView } from '../../../shared/domain'
import type { SourceConfig } from '../../../shared/source-config'

/** Where a source's lifecycle is. */
export type SessionLifecycle = Pick<SourceView, 'state' | 'attempt' | 'nextRetryAt' | 'downSince'>

export function sourceView(
  config: SourceConfig,
  lifecycle: SessionLifecycle,
  stats: SourceStats,
  notices: SourceNotice[],
): SourceView {
  const { id, name, preset, enabled, url } = config
  const { state, attempt, nextRetryAt, downSince } = lifecycle
  const { counters, lastEventAt, lastError, eventsPerSecond } = stats
  return {
    id,
    name,
    preset,
    enabled,
    url,
    state,
    attempt,
    nextRetryAt,
    downSince,
    counters,
    lastEventAt,
    lastError,
    eventsPerSecond,
    notices,
  }
}
