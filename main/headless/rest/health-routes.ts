import type { FastifyInstance } from 'fastify'
import type { HistoryStatus } from '../../../shared/history-status'
import type { HealthPort } from '../../services/engine-ports'

/** What `GET /api/health` tells of history: null when the host runs without it. */
export type HistoryHealth = Pick<
  HistoryStatus,
  'state' | 'stored' | 'notStored' | 'notStoredByReason' | 'backlogBytes' | 'lastError'
>

/**
 * `GET /api/health`, the one route without a token, for process supervisors and uptime checks.
 * It tells whether history is being stored, since that is what such a check exists to catch;
 * the figures are counts and bytes, and `lastError` is SQLite's wording of a failure and the
 * kind of it: nothing names a source, a path or anything a stream sent (see SECURITY.md).
 */
export function registerHealthRoute(app: FastifyInstance, engine: HealthPort): void {
  app.get('/api/health', () => ({
    ok: true,
    version: engine.info().version,
    history: historyHealth(engine),
  }))
}

function historyHealth(engine: HealthPort): HistoryHealth | null {
  const status = engine.historyStatus()
  if (!status) return null
  const { state, stored, notStored, notStoredByReason, backlogBytes, lastError } = status
  return { state, stored, notStored, notStoredByReason, backlogBytes, lastError }
}
