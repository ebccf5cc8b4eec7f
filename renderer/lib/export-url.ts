import type { ExportRequest } from '../../shared/history'

/**
 * The headless host's download of an export (`GET /api/export`, same origin, authorised by the
 * session cookie): the request's fields as query parameters, times as epoch milliseconds.
 */
export function exportDownloadUrl(request: ExportRequest): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(request)) {
    if (value !== undefined) params.set(key, String(value))
  }
  return `/api/export?${params.toString()}`
}
