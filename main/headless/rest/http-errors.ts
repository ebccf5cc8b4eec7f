/** How the contract's error codes read as HTTP statuses on the REST API. */

import type { ErrorCode, ErrorInfo } from '../../../shared/result'

const statusByCode: Record<ErrorCode, number> = {
  'invalid-argument': 400,
  'not-found': 404,
  conflict: 409,
  'not-open': 409,
  forbidden: 403,
  'unknown-channel': 404,
  unavailable: 503,
  internal: 500,
}

export function httpStatus(error: ErrorInfo): number {
  return statusByCode[error.code]
}

/** The REST error body: `{"error":{"code","message","issues"?}}`. */
export function errorBody(error: ErrorInfo): { error: ErrorInfo } {
  return { error }
}
