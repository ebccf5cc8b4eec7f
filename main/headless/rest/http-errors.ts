/**
 * The REST error envelope and how its codes read as HTTP statuses: the one mapping from code to
 * status. The contract's codes (shared/result.ts) come from the engine; a few more come only from
 * the HTTP layer itself (a body too large, a wrong media type, a request that never finished),
 * which the contract never answers with.
 */

import type { ErrorCode, Issue } from '../../../shared/result'

export type HttpOnlyErrorCode =
  'payload-too-large' | 'unsupported-media-type' | 'request-timeout' | 'headers-too-large'

export type RestErrorCode = ErrorCode | HttpOnlyErrorCode

export interface RestError {
  code: RestErrorCode
  message: string
  issues?: Issue[]
}

const statusByCode: Record<RestErrorCode, number> = {
  'invalid-argument': 400,
  'not-found': 404,
  conflict: 409,
  'not-open': 409,
  forbidden: 403,
  'unknown-channel': 404,
  unavailable: 503,
  // RFC 4918's Insufficient Storage: the server, not the request, is the problem, and a retry
  // once space is freed will work; a 500 would read as a bug.
  'disk-full': 507,
  internal: 500,
  'request-timeout': 408,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'headers-too-large': 431,
}

export function httpStatus(error: Pick<RestError, 'code'>): number {
  return statusByCode[error.code]
}

/** Statuses raised below the routes (by Fastify, a plugin or Node), read back as codes. */
const codeByStatus: Partial<Record<number, RestErrorCode>> = {
  401: 'forbidden',
  403: 'forbidden',
  404: 'not-found',
  408: 'request-timeout',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  431: 'headers-too-large',
  503: 'unavailable',
  507: 'disk-full',
}

export function codeForStatus(status: number): RestErrorCode {
  return codeByStatus[status] ?? (status < 500 ? 'invalid-argument' : 'internal')
}

/** The REST error body: `{"error":{"code","message","issues"?}}`. */
export function errorBody(error: RestError): { error: RestError } {
  return { error }
}
