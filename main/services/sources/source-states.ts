/** Sets of source states the Monitor acts on as one. */

import type { SourceState } from '../../../shared/domain'

/** States in which a source has no working connection yet and would use a new secret. */
export const SECRET_RETRY_STATES: ReadonlySet<SourceState> = new Set([
  'connecting',
  'authenticating',
  'reconnecting',
  'stale',
  'failed',
])

/** States in which a source neither holds nor seeks a connection. */
export const INACTIVE_STATES: ReadonlySet<SourceState> = new Set(['idle', 'closed'])
