/**
 * The main thread's side of the second-thread prototype (worker-split.ts, bench only): an
 * `EventRecorder` (the flow's one subscriber told each event's frame text and payload place) that
 * batches every event to a trigger-worker.ts thread, and holds the sources back (the Monitor's
 * `holdReading`, as history does) while more than a bounded number of events or characters of
 * text are in flight to the worker, until it is back under half of that.
 *
 * Batches go out per socket read (`read`: flushed in a microtask, as the trigger engine evaluates
 * a read), per N events (`N`), or once the oldest event in the batch is T ms older than the newest
 * (`Tms`, judged on receive times, so no extra clock read); in the last two a timer sends what is
 * left after 1 ms. The texts go as one string each, or joined into one with where each ends.
 */

import type { Worker } from 'node:worker_threads'
import type { VigilEvent } from '../../shared/domain'
import type { PayloadPlace } from '../services/presets/preset'
import { HOLDER, TriggerThread, type LinkStats, type Reading, type ThreadLink } from './thread-link'
import { SHARED, type EventBatch, type FromWorker, type ToWorker } from './trigger-protocol'

export type BatchMode =
  { kind: 'read' } | { kind: 'events'; n: number } | { kind: 'ms'; ms: number }

export function parseBatchMode(text: string): BatchMode {
  if (text === 'read') return { kind: 'read' }
  const ms = /^(\d+(?:\.\d+)?)ms$/.exec(text)
  if (ms) return { kind: 'ms', ms: Number(ms[1]) }
  if (/^\d+$/.test(text)) return { kind: 'events', n: Number(text) }
  throw new Error(`--batch: "read", a number of events or a number of ms ("2ms"), not "${text}"`)
}

export interface LinkLimits {
  /** Events in flight (sent, not yet evaluated) past which the sources are held back. */
  events: number
  /** Characters of frame text in flight past which likewise. */
  chars: number
}

export class TriggerThreadLink implements ThreadLink {
  private readonly thread: TriggerThread
  private batch = newBatch()
  private flushScheduled = false
  private leftoverTimer: NodeJS.Timeout | undefined
  private readonly flushNow = () => this.flush()
  private sent = 0
  private sentChars = 0
  private batches = 0
  private serialised = 0
  private peakEvents = 0
  private peakChars = 0
  private held = false
  private heldSince = 0
  private heldMs = 0
  private recheck: NodeJS.Timeout | undefined

  constructor(
    private readonly mode: BatchMode,
    /** Texts as one string each (`array`) or joined in one (`joined`, with where each ends). */
    private readonly transport: 'array' | 'joined',
    private readonly limits: LinkLimits,
    private readonly reading: Reading,
    sourceId: string,
    triggers: number,
  ) {
    this.thread = new TriggerThread(sourceId, triggers)
    this.worker.on('message', (message: FromWorker) => {
      if (message.kind === 'progress') this.checkRelease()
    })
  }

  get worker(): Worker {
    return this.thread.worker
  }

  record(event: VigilEvent, bytes: number, text?: string, place?: PayloadPlace): void {
    const b = this.batch
    if (text === undefined || place === undefined) {
      b.texts.push(JSON.stringify(event.payload))
      b.places.push(null)
      this.serialised++
    } else {
      b.texts.push(text)
      b.places.push(place)
    }
    b.ids.push(event.id)
    b.receivedAt.push(event.receivedAt)
    b.bytes.push(bytes)
    b.types.push(event.type)
    const mode = this.mode
    if (mode.kind === 'read') {
      if (!this.flushScheduled) {
        this.flushScheduled = true
        queueMicrotask(this.flushNow)
      }
      return
    }
    const full =
      mode.kind === 'events'
        ? b.types.length >= mode.n
        : event.receivedAt - b.receivedAt[0]! >= mode.ms
    if (full) this.flush()
    else this.leftoverTimer ??= setTimeout(this.flushNow, 1)
  }

  /** Sends what is batched; holds the sources back if the worker is too far behind. */
  flush(): void {
    this.flushScheduled = false
    if (this.leftoverTimer !== undefined) clearTimeout(this.leftoverTimer)
    this.leftoverTimer = undefined
    const b = this.batch
    const count = b.types.length
    if (count === 0) return
    this.batch = newBatch()
    let chars = 0
    const ends = new Int32Array(count)
    for (let i = 0; i < count; i++) ends[i] = chars += b.texts[i]!.length
    const batch: EventBatch = {
      ids: Float64Array.from(b.ids),
      receivedAt: Float64Array.from(b.receivedAt),
      bytes: Int32Array.from(b.bytes),
      types: b.types,
      texts: this.transport === 'array' ? b.texts : { joined: b.texts.join(''), ends },
      places: b.places,
    }
    this.worker.postMessage({ kind: 'batch', batch } satisfies ToWorker)
    this.sent += count
    this.sentChars += chars
    this.batches++
    const { events, chars: inFlightChars } = this.inFlight()
    if (events > this.peakEvents) this.peakEvents = events
    if (inFlightChars > this.peakChars) this.peakChars = inFlightChars
    if (!this.held && (events > this.limits.events || inFlightChars > this.limits.chars))
      this.hold()
  }

  stats(): LinkStats {
    const now = performance.now()
    return {
      ...this.thread.counted(),
      sent: this.sent,
      serialised: this.serialised,
      refused: 0,
      batches: this.batches,
      peakEvents: this.peakEvents,
      peakChars: this.peakChars,
      heldMs: this.heldMs + (this.held ? now - this.heldSince : 0),
    }
  }

  resetPeaks(): void {
    const { events, chars } = this.inFlight()
    this.peakEvents = events
    this.peakChars = chars
  }

  /** Stops the worker (after what was sent) and lets the sources read again. */
  async close(): Promise<void> {
    this.flush()
    if (this.recheck) clearInterval(this.recheck)
    if (this.held) this.reading.releaseReading(HOLDER)
    this.held = false
    await this.thread.stop()
  }

  private inFlight(): { events: number; chars: number } {
    return {
      events: this.sent - this.read(SHARED.evaluated),
      chars: this.sentChars - this.read(SHARED.chars),
    }
  }

  private read(slot: number): number {
    return this.thread.read(slot)
  }

  private hold(): void {
    this.held = true
    this.heldSince = performance.now()
    this.reading.holdReading(HOLDER)
    // Said before the counters are read again: either the worker sees the flag after its next
    // batch and reports, or this read sees that batch's counters.
    Atomics.store(this.thread.waiting, 0, 1)
    // A safety net against a missed report (cheap: only while held).
    this.recheck = setInterval(() => this.checkRelease(), 20)
    this.checkRelease()
  }

  private checkRelease(): void {
    if (!this.held) return
    const { events, chars } = this.inFlight()
    if (events > this.limits.events / 2 || chars > this.limits.chars / 2) return
    Atomics.store(this.thread.waiting, 0, 0)
    clearInterval(this.recheck)
    this.recheck = undefined
    this.held = false
    this.heldMs += performance.now() - this.heldSince
    this.reading.releaseReading(HOLDER)
  }
}

function newBatch() {
  return {
    ids: [] as number[],
    receivedAt: [] as number[],
    bytes: [] as number[],
    types: [] as string[],
    texts: [] as string[],
    places: [] as (string | null)[],
  }
}
