/**
 * A live settings change on trial. A change that needs a new connection is tried while the
 * settings that worked are kept: if the new ones open, the trial has passed; if they do not, the
 * session goes back to the kept settings and says why.
 */

import type { SourceConfig } from '../../../shared/source-config'
import { redactUrl } from '../util/logger'

export class LiveTrial {
  /** The settings to go back to if the change does not open. */
  private kept: SourceConfig | undefined

  get active(): boolean {
    return this.kept !== undefined
  }

  /**
   * A change needs a new connection. Only a working connection is worth going back to (`open`);
   * a trial in progress keeps its origin.
   */
  begin(before: SourceConfig, open: boolean): void {
    if (this.kept === undefined && open) this.kept = before
  }

  /** No trial any more (a user close). */
  cancel(): void {
    this.kept = undefined
  }

  /** The new settings opened: answers the line to log when a trial passed, else null. */
  passed(settings: SourceConfig): string | null {
    if (this.kept === undefined) return null
    this.kept = undefined
    return `source "${settings.name}": now on ${redactUrl(settings.url)}`
  }

  /** The new settings did not open (`reason`): the settings to go back to, and the message. */
  failed(reason: string): { restored: SourceConfig; message: string } {
    const restored = this.kept!
    this.kept = undefined
    const message =
      `the new settings did not open (${reason}), so Vigil went back to ` +
      `${redactUrl(restored.url)}`
    return { restored, message }
  }
}
