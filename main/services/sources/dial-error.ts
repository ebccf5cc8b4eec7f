import type { SourceErrorKind } from '../../../shared/domain'

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
