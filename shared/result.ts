/**
 * The error envelope every contract call answers with. Errors thrown across Electron's `invoke`
 * lose every field but the message, so failures travel as data instead.
 */

export type ErrorCode =
  | 'invalid-argument'
  | 'not-found'
  | 'conflict'
  | 'not-open'
  | 'forbidden'
  | 'unknown-channel'
  | 'unavailable'
  /** A write failed for lack of space (ENOSPC); what was running before is still in use. */
  | 'disk-full'
  | 'internal'

/** One problem in a rejected input, with the path of the offending value (`sources.0.url`). */
export interface Issue {
  path: string
  message: string
}

export interface ErrorInfo {
  code: ErrorCode
  message: string
  issues?: Issue[]
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })

export const fail = (code: ErrorCode, message: string, issues?: Issue[]): Result<never> => ({
  ok: false,
  error: issues ? { code, message, issues } : { code, message },
})

/** An error a service throws on purpose; its code and issues survive into the Result envelope. */
export class VigilError extends Error {
  override readonly name = 'VigilError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message)
  }

  toInfo(): ErrorInfo {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message }
  }
}

/** Turns anything thrown into an ErrorInfo; unexpected errors keep only their message. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof VigilError) return error.toInfo()
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'internal', message }
}
