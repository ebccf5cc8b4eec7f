/**
 * Notices when a source's type path is wrong: most of its recent events have no value there, so
 * every one is typed `unknown` and no trigger on a type ever matches. The typical case is a path
 * written from the frame's top when it is relative to the event payload (Census's
 * `payload.event_name` for `event_name`). The notice (`unknown-types`) names the path and, from
 * the events themselves (shared/type-autodetect.ts), the field that looks like a type.
 *
 * Judged over blocks of BLOCK events: more than half unknown raises it, fewer than a quarter
 * clears it (the gap keeps a stream near half from raising and clearing it over and over). It
 * describes the settings, not a connection, so it stays across reconnects; a new path starts over.
 * Per event it costs a comparison and a count; a few payloads per block are sampled, only while
 * there is no notice yet.
 */

import type { SourceNotice } from '../../../shared/domain'
import { TypeFieldTally, type TypeCandidate } from '../../../shared/type-autodetect'
import { UNKNOWN_TYPE } from './connection-settings'

export const UNKNOWN_TYPES_NOTICE = 'unknown-types'
/** Events per verdict. */
export const BLOCK = 20
/** Payloads typed `unknown` sampled per block for the suggestion. */
const SAMPLES = 10

export class UnknownTypeWatch {
  private seen = 0
  private unknown = 0
  private samples: TypeFieldTally | null = null
  private raised: SourceNotice | null = null

  constructor(
    /** The path the source reads types at now. */
    private readonly path: () => string,
    private readonly now: () => number,
    /** The notice was raised or cleared: worth a push. */
    private readonly changed: () => void,
  ) {}

  /** The notice, if raised. */
  get notices(): SourceNotice[] {
    return this.raised ? [this.raised] : []
  }

  /** One event and its type. Hot path. */
  observe(type: string, payload: unknown): void {
    this.seen++
    if (type === UNKNOWN_TYPE) {
      this.unknown++
      if (this.raised === null && this.unknown <= SAMPLES)
        (this.samples ??= new TypeFieldTally()).add(payload)
    }
    if (this.seen === BLOCK) this.judge()
  }

  /** The type path (or the preset) changed: what was seen says nothing about the new one. */
  reset(): void {
    this.seen = 0
    this.unknown = 0
    this.samples = null
    this.raised = null
  }

  private judge(): void {
    const share = this.unknown / this.seen
    const samples = this.samples
    this.seen = 0
    this.unknown = 0
    this.samples = null
    if (this.raised === null && share > 0.5) {
      this.raised = unknownTypesNotice(this.path(), samples?.candidates(1)[0], this.now())
      this.changed()
    } else if (this.raised !== null && share < 0.25) {
      this.raised = null
      this.changed()
    }
  }
}

/** The notice's words: the path, why it may be wrong, and the field to try. */
export function unknownTypesNotice(
  path: string,
  candidate: TypeCandidate | undefined,
  at: number,
): SourceNotice {
  const base = `most recent events have no \`${path}\`, so they are typed \`unknown\``
  const relative = path.startsWith('payload.') ? '; paths are relative to the event payload' : ''
  if (!candidate)
    return {
      code: UNKNOWN_TYPES_NOTICE,
      message: `${base}${relative}: check eventTypePath`,
      at,
    }
  const seen = candidate.values.slice(0, 3).join(', ')
  return {
    code: UNKNOWN_TYPES_NOTICE,
    message: `${base}${relative}: try \`${candidate.path}\` (it holds ${seen})`,
    at,
    suggestion: { eventTypePath: candidate.path },
  }
}
