/**
 * One socket read's small text frames, handed on together. `ws` emits the frames of one read one
 * after the other, synchronously; a Connection queues the small text frames of an open connection
 * here as they come, and a microtask after the read parses them all back to back, then delivers
 * each in order. Running each stage over a read's frames, rather than every stage per frame, costs
 * the pipeline less CPU per event (docs/performance.md, "What `JSON.parse` costs inside the
 * pipeline").
 *
 * The queue holds at most one read's frames: it is flushed in the same turn, by the microtask or
 * synchronously by the connection before it handles a frame it does not queue, so order is kept.
 * Nothing thrown while delivering escapes: it is reported for that frame and the next goes on.
 */

import { errorText } from '../../../shared/utils/error-text'
import type { FrameParser } from './frame-parser'

/** Where a batch's frames go (its Connection). */
export interface BatchTarget {
  /** False once the connection ended: the frames still queued are dropped. */
  isLive(): boolean
  /** A parsed frame, with its receive time, bytes and text. */
  deliverFrame(frame: unknown, at: number, raw: Buffer, text: string): void
  /** A frame that was not valid JSON. */
  malformedFrame(data: Buffer): void
  /** Delivering a frame threw. */
  handlingFailed(error: unknown): void
}

const NOT_JSON = Symbol('not JSON')

export class FrameBatch {
  private raws: Buffer[] = []
  private times: number[] = []
  private scheduled = false
  private readonly flushLater = (): void => {
    this.scheduled = false
    this.flush()
  }

  /** `parse`: the source's (frame-parser.ts). */
  constructor(
    private readonly target: BatchTarget,
    private readonly parse: FrameParser,
  ) {}

  /** Queues a frame read at `at`; a microtask after the read hands it on. */
  add(data: Buffer, at: number): void {
    this.raws.push(data)
    this.times.push(at)
    if (this.scheduled) return
    this.scheduled = true
    queueMicrotask(this.flushLater)
  }

  /** Parses the queued frames back to back, then delivers them in order. */
  flush(): void {
    const raws = this.raws
    const count = raws.length
    if (count === 0) return
    const times = this.times
    this.raws = []
    this.times = []
    const texts: string[] = new Array<string>(count)
    const frames: unknown[] = new Array<unknown>(count)
    for (let i = 0; i < count; i++) {
      const text = raws[i]!.toString()
      texts[i] = text
      frames[i] = this.parseOrMark(text)
    }
    for (let i = 0; i < count; i++) {
      if (!this.target.isLive()) return
      this.deliverSafely(frames[i], times[i]!, raws[i]!, texts[i]!)
    }
  }

  private parseOrMark(text: string): unknown {
    try {
      return this.parse(text)
    } catch {
      return NOT_JSON
    }
  }

  private deliverSafely(frame: unknown, at: number, raw: Buffer, text: string): void {
    try {
      if (frame === NOT_JSON) this.target.malformedFrame(raw)
      else this.target.deliverFrame(frame, at, raw, text)
    } catch (error) {
      try {
        this.target.handlingFailed(error)
      } catch {
        // Reporting failed as well; there is no one left to tell, and the next frame must go on.
      }
    }
  }
}

/** The start of a frame, quoted, for error messages. */
export function preview(data: Buffer): string {
  const text = data.subarray(0, 80).toString()
  return JSON.stringify(data.length > 80 ? `${text}…` : text)
}

/** What a frame that is not valid JSON is reported as (before scrubbing). */
export function notJsonMessage(data: Buffer): string {
  return `a frame was not valid JSON: ${preview(data)}`
}

/** What a frame Vigil failed on while handling it is reported as. */
export function handlingFailedMessage(error: unknown): string {
  return `Vigil could not handle a frame: ${errorText(error)}`
}
