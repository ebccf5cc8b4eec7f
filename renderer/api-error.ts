import type { ErrorCode, Issue } from '../shared/result'

/**
 * A failed contract call, with the engine's error code and, for rejected input, the problems per
 * field. Its own module (re-exported by api.ts) so tests that replace api.ts keep the real class.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: readonly Issue[] = [],
  ) {
    super(message)
  }
}

/** An error's words for the screen, whatever was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * How a form shows a failed save: the engine's problems by field when it listed them, otherwise
 * one message for the whole form.
 */
export function saveRefusal(error: unknown): { issues: readonly Issue[]; message: string | null } {
  const issues = error instanceof ApiError ? error.issues : []
  return { issues, message: issues.length > 0 ? null : errorMessage(error) }
}
