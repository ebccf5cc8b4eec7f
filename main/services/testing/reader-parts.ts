/**
 * The source parts a SourceReader updates, each real and standalone, for tests that drive a
 * reader without a session: its events go to `events`. Test-only.
 */

import type { EventSink } from '../event-flow'
import { ConnectionWatches } from '../sources/connection-watches'
import { SourceMetrics } from '../sources/source-metrics'
import { SourceNotices } from '../sources/source-notices'
import type { ReaderParts } from '../sources/source-reader'
import { UnknownTypeWatch } from '../sources/unknown-type-watch'
import { ManualClock } from './manual-clock'

export function testReaderParts(events: EventSink, clock = new ManualClock()): ReaderParts {
  return {
    clock,
    metrics: new SourceMetrics(),
    watches: new ConnectionWatches(clock, () => {}),
    notices: new SourceNotices(),
    typeWatch: new UnknownTypeWatch(
      () => 'type',
      () => clock.now(),
      () => {},
    ),
    events,
  }
}
