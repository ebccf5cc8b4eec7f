import type { SourceErrorKind } from '../../../shared/domain'
import { errorText } from '../../../shared/utils/error-text'

/** A connection attempt that failed before (or instead of) opening a socket. */
export class DialError extends Error {
  override readonly name = 'DialError'
  constructor(
    readonly kind: SourceErrorKind,
    message: string,
    /** True when retrying soon cannot help (a missing secret, an untrusted certificate). */
    readonly hard: boolean,
    /** The raw text `message` was worded from, when it was reworded (see plain-errors.ts). */
    readonly detail?: string,
  ) {
    super(message)
  }
}

/** How an attempt whose dial failed ends (a ConnectionEnd): as a DialError says, else a network failure. */
export function dialFailure(error: unknown): {
  kind: SourceErrorKind
  message: string
  detail?: string
  hard: boolean
  readyAt: null
} {
  const dial = error instanceof DialError ? error : undefined
  return {
    kind: dial?.kind ?? 'network',
    message: errorText(error),
    ...(dial?.detail === undefined ? {} : { detail: dial.detail }),
    hard: dial?.hard ?? false,
    readyAt: null,
  }
}
