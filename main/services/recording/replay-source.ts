/**
 * A recording replayed as a source: the `sim://replay/` URL that plays it (replay/ serves it) and
 * the settings of the source that connects to it.
 */

import { createHash } from 'node:crypto'
import type { RecordingInfo, ReplaySpeed } from '../../../shared/recording'
import type { SourceConfig } from '../../../shared/source-config'

/** The source URL replaying a recording; a `run` token starts a fresh playback (see replay/). */
export function replayUrl(id: string, speed: number | 'max' = 1, run?: string): string {
  const query = [speed === 1 ? '' : `speed=${speed}`, run ? `run=${run}` : '']
    .filter(Boolean)
    .join('&')
  return `sim://replay/${id}${query ? `?${query}` : ''}`
}

/** Source ids are at most 64 characters (shared/source-config.ts); recording ids may be longer. */
const MAX_SOURCE_ID = 64

/**
 * `replay-<recording id>`, the same source for every replay of one recording. Too long, it is cut
 * and ends in a hash of the whole recording id instead: the cut would take the time, and two
 * recordings of one source would become the same replay source.
 */
function replaySourceId(recordingId: string): string {
  const id = `replay-${recordingId}`
  if (id.length <= MAX_SOURCE_ID) return id
  const hash = createHash('sha256').update(recordingId).digest('hex').slice(0, 8)
  return `${id.slice(0, MAX_SOURCE_ID - hash.length - 1)}-${hash}`
}

/** The settings of a source that replays a recording with its preset and event type path. */
export function replaySource(
  recording: RecordingInfo,
  speed: ReplaySpeed,
  run: string,
): SourceConfig {
  return {
    id: replaySourceId(recording.id),
    name: `Replay: ${recording.name}`.slice(0, 200),
    preset: recording.preset,
    enabled: true,
    url: replayUrl(recording.id, speed, run),
    ...(recording.eventTypePath !== null ? { eventTypePath: recording.eventTypePath } : {}),
    headers: {},
    onOpen: [],
  }
}
