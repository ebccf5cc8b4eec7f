/**
 * The notices a preset raises about a source's connection (a subscription the server altered):
 * one per code, each with the time it was raised. They describe one connection and one set of
 * options, so a new connection starts without them.
 */

import type { SourceNotice } from '../../../shared/domain'

export class SourceNotices {
  private readonly byCode = new Map<string, SourceNotice>()

  /** Raises the notice `code` (`message`) or clears it (`null`); answers whether that changed it. */
  set(code: string, message: string | null, at: number): boolean {
    if (message === null) return this.byCode.delete(code)
    if (this.byCode.get(code)?.message === message) return false
    this.byCode.set(code, { code, message, at })
    return true
  }

  list(): SourceNotice[] {
    return [...this.byCode.values()]
  }

  clear(): void {
    this.byCode.clear()
  }
}
