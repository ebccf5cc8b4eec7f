/**
 * A single-producer, single-consumer ring of events in one SharedArrayBuffer, for the
 * second-thread prototype (worker-split.ts `--transport ring`, bench only): the main thread writes
 * each event's frame text (UTF-8, encoded straight into the shared memory) behind a small fixed
 * header; the trigger thread reads every record in order, decodes the text and frees the space.
 *
 * Layout: a 64-byte control block, then the records. Control: the write and read positions
 * (BigInt64, monotonic byte counts, so full and empty are never confused), a sequence word the
 * writer bumps and notifies once per `publish` (the reader waits on it with `Atomics.waitAsync`, so
 * its event loop keeps running), a word the reader bumps and notifies after freeing space while
 * the writer waits for it (`waiting`), and a closed flag.
 *
 * A record is 8-byte aligned and never split: one that does not fit before the end of the memory
 * is preceded by a wrap mark, and the rest of the memory is skipped. Names (sources, types, payload
 * places) are interned: a name's first use writes a name record before the event, so the reader
 * learns it in order, with no message to race. A record longer than half the ring (it could not
 * always be placed whole) and names past `maxNames` are refused, each counted by reason.
 *
 * Runs in a worker by Node's type stripping (event-ring.test.ts): erasable TypeScript only, no
 * imports but built-ins.
 */

import { Buffer } from 'node:buffer'

const CONTROL_BYTES = 64
/** BigInt64 slots of the control block. */
const HEAD = 0
const TAIL = 1
/** Int32 slots of the control block. */
const SEQ = 4
const WAITING = 5
const RELEASED = 6
const CLOSED = 7

/** kind, text bytes, frame bytes, source, type, place (Int32 each); id, receivedAt (Float64). */
export const RECORD_HEADER_BYTES = 40
const KIND_EVENT = 0
const KIND_NAME = 1
const KIND_WRAP = 2
/** An event whose record holds a `RingBody`'s bytes instead of a text. */
const KIND_BODY = 3
/** The place index of a payload that is the whole text. */
const WHOLE_TEXT = -1

export const DEFAULT_RING_BYTES = 16 * 1024 * 1024
export const DEFAULT_MAX_NAMES = 65_536

const align8 = (n: number) => (n + 7) & ~7

/** Shared memory for a ring with `bytes` of records (rounded up to 8). */
export function createRingMemory(bytes: number = DEFAULT_RING_BYTES): SharedArrayBuffer {
  if (!Number.isInteger(bytes) || bytes < 2 * RECORD_HEADER_BYTES)
    throw new Error(`a ring needs at least ${2 * RECORD_HEADER_BYTES} bytes, not ${bytes}`)
  return new SharedArrayBuffer(CONTROL_BYTES + align8(bytes))
}

/** One event as the writer takes it. */
export interface RingEvent {
  id: number
  receivedAt: number
  /** The frame's size in bytes as received. */
  bytes: number
  sourceId: string
  type: string
  /** The payload's member in the text, or null for the whole text. */
  place: string | null
  text: string
  /** When set, the record carries these bytes instead of `text` (`--transport binary`). */
  body?: RingBody
}

/** Bytes an event's record carries in place of its text, written straight into the ring. */
export interface RingBody {
  /** At most how many bytes `writeTo` writes. */
  readonly bound: number
  /** Writes the bytes at `at` (with `bound` bytes of room); answers how many it wrote. */
  writeTo(bytes: Buffer, at: number): number
}

/** A body that keeps its bytes now, for an event that must wait: `body` may be reused. */
export function copyBody(body: RingBody): RingBody {
  const copy = Buffer.allocUnsafe(body.bound)
  const length = body.writeTo(copy, 0)
  return { bound: length, writeTo: (bytes, at) => copy.copy(bytes, at, 0, length) }
}

/** `tooLarge`: over half the ring; `tooManyNames`: a new name past `maxNames`. */
export type RefusalReason = 'tooLarge' | 'tooManyNames'
export type WriteOutcome = 'written' | 'full' | RefusalReason

/** The views both sides use over the same memory. */
class RingViews {
  readonly control64: BigInt64Array
  readonly control32: Int32Array
  readonly int32: Int32Array
  readonly float64: Float64Array
  readonly bytes: Buffer
  readonly capacity: number

  constructor(memory: SharedArrayBuffer) {
    this.capacity = memory.byteLength - CONTROL_BYTES
    this.control64 = new BigInt64Array(memory, 0, CONTROL_BYTES / 8)
    this.control32 = new Int32Array(memory, 0, CONTROL_BYTES / 4)
    this.int32 = new Int32Array(memory, CONTROL_BYTES, this.capacity / 4)
    this.float64 = new Float64Array(memory, CONTROL_BYTES, this.capacity / 8)
    this.bytes = Buffer.from(memory, CONTROL_BYTES, this.capacity)
  }

  tail(): number {
    return Number(Atomics.load(this.control64, TAIL))
  }

  head(): number {
    return Number(Atomics.load(this.control64, HEAD))
  }
}

/** The main thread's side. Not thread-safe: one writer. */
export class RingWriter {
  private readonly views: RingViews
  private readonly names = new Map<string, number>()
  private readonly maxNames: number
  /** Where the next record goes (monotonic); published by `publish`. */
  private head: number
  /** The reader's position as last read (only ever behind the real one). */
  private tail: number
  private published: number
  readonly refused: Record<RefusalReason, number> = { tooLarge: 0, tooManyNames: 0 }

  constructor(memory: SharedArrayBuffer, maxNames: number = DEFAULT_MAX_NAMES) {
    this.views = new RingViews(memory)
    this.maxNames = maxNames
    this.head = this.published = this.views.head()
    this.tail = this.views.tail()
  }

  get capacity(): number {
    return this.views.capacity
  }

  /** The largest record accepted (header and text): half the ring. */
  get maxRecordBytes(): number {
    return Math.floor(this.views.capacity / 2) & ~7
  }

  /** Bytes written (published or not) that the reader has not freed yet. */
  usedBytes(): number {
    this.tail = this.views.tail()
    return this.head - this.tail
  }

  /**
   * Writes one event (and any name it uses first) unless there is no room (`full`: nothing
   * written but perhaps its names; try again once the reader frees space) or it is refused (for
   * good, counted). Readable once `publish`ed.
   */
  tryWrite(event: RingEvent): WriteOutcome {
    const { text, body } = event
    // The text's UTF-8 length is at most 3 bytes per UTF-16 unit; measured only when that bound
    // does not fit, so the common case encodes once, straight into the ring.
    let need = RECORD_HEADER_BYTES + align8(body ? body.bound : text.length * 3)
    if (body && need > this.maxRecordBytes) return this.refuse('tooLarge')
    if (!body && (need > this.maxRecordBytes || !this.fits(need))) {
      need = RECORD_HEADER_BYTES + align8(Buffer.byteLength(text, 'utf8'))
      if (need > this.maxRecordBytes) return this.refuse('tooLarge')
    }
    const source = this.intern(event.sourceId)
    if (typeof source === 'string') return source
    const type = this.intern(event.type)
    if (typeof type === 'string') return type
    const place = event.place === null ? WHOLE_TEXT : this.intern(event.place)
    if (typeof place === 'string') return place
    const at = this.reserve(need)
    if (at < 0) return 'full'
    const { int32, float64, bytes } = this.views
    const written = body
      ? body.writeTo(bytes, at + RECORD_HEADER_BYTES)
      : bytes.write(text, at + RECORD_HEADER_BYTES, 'utf8')
    const i = at >> 2
    int32[i] = body ? KIND_BODY : KIND_EVENT
    int32[i + 1] = written
    int32[i + 2] = event.bytes
    int32[i + 3] = source
    int32[i + 4] = type
    int32[i + 5] = place
    float64[(at >> 3) + 3] = event.id
    float64[(at >> 3) + 4] = event.receivedAt
    this.head += RECORD_HEADER_BYTES + align8(written)
    return 'written'
  }

  /** Makes what was written readable and wakes the reader (once per call with news). */
  publish(): void {
    if (this.head === this.published) return
    this.published = this.head
    const { control64, control32 } = this.views
    Atomics.store(control64, HEAD, BigInt(this.head))
    Atomics.add(control32, SEQ, 1)
    Atomics.notify(control32, SEQ)
  }

  /**
   * Resolves once the reader has brought the ring to `bytes` or under, or `cancelled()` says to
   * stop waiting. Waits with `Atomics.waitAsync` on the word the reader bumps after freeing space
   * while told someone waits; `pollMs` bounds each wait.
   */
  async waitUntilAtMost(bytes: number, cancelled = () => false, pollMs = 100): Promise<void> {
    const { control32 } = this.views
    Atomics.store(control32, WAITING, 1)
    try {
      while (!cancelled()) {
        // Read before the check: space freed after the check bumps it, ending the wait at once.
        const seen = Atomics.load(control32, RELEASED)
        if (this.usedBytes() <= bytes) return
        const wait = Atomics.waitAsync(control32, RELEASED, seen, pollMs)
        if (wait.async) await wait.value
      }
    } finally {
      Atomics.store(control32, WAITING, 0)
    }
  }

  /** Publishes what is left and tells the reader no more will come. */
  close(): void {
    this.publish()
    Atomics.store(this.views.control32, CLOSED, 1)
    Atomics.add(this.views.control32, SEQ, 1)
    Atomics.notify(this.views.control32, SEQ)
  }

  private refuse(reason: RefusalReason): RefusalReason {
    this.refused[reason]++
    return reason
  }

  /** A name's index, writing its record on first use; 'full' or a refusal when it cannot. */
  private intern(name: string): number | 'full' | RefusalReason {
    const known = this.names.get(name)
    if (known !== undefined) return known
    if (this.names.size >= this.maxNames) return this.refuse('tooManyNames')
    const need = RECORD_HEADER_BYTES + align8(Buffer.byteLength(name, 'utf8'))
    if (need > this.maxRecordBytes) return this.refuse('tooLarge')
    const at = this.reserve(need)
    if (at < 0) return 'full'
    const written = this.views.bytes.write(name, at + RECORD_HEADER_BYTES, 'utf8')
    this.views.int32[at >> 2] = KIND_NAME
    this.views.int32[(at >> 2) + 1] = written
    this.head += RECORD_HEADER_BYTES + align8(written)
    const index = this.names.size
    this.names.set(name, index)
    return index
  }

  /** Whether `need` bytes would fit now (with the skip to the start if they must wrap). */
  private fits(need: number): boolean {
    const { capacity } = this.views
    const toEnd = capacity - (this.head % capacity)
    const total = need > toEnd ? toEnd + need : need
    if (this.head + total - this.tail <= capacity) return true
    this.tail = this.views.tail()
    return this.head + total - this.tail <= capacity
  }

  /** Where a record of `need` bytes goes (wrapping first if it must), or -1 if it does not fit. */
  private reserve(need: number): number {
    if (!this.fits(need)) return -1
    const { capacity, int32 } = this.views
    const at = this.head % capacity
    if (need <= capacity - at) return at
    int32[at >> 2] = KIND_WRAP
    this.head += capacity - at
    return 0
  }
}

/** One event as the reader hands it on: the same object each time, filled in again. */
export interface RingRecord extends Omit<RingEvent, 'body'> {
  /** The text's UTF-8 length, or the body's length (then `text` is empty). */
  textBytes: number
}

/**
 * Called for each event read: a record with a body (`RingEvent.body`) also gets the ring's bytes
 * (valid only during the call) and where its `textBytes` bytes start; -1 for a text.
 */
export type RingVisit = (record: RingRecord, bytes: Buffer, bodyStart: number) => void

/** The trigger thread's side. Not thread-safe: one reader. */
export class RingReader {
  private readonly views: RingViews
  private readonly names: string[] = []
  private tail: number
  private readonly record: RingRecord = {
    id: 0,
    receivedAt: 0,
    bytes: 0,
    sourceId: '',
    type: '',
    place: null,
    text: '',
    textBytes: 0,
  }

  constructor(memory: SharedArrayBuffer) {
    this.views = new RingViews(memory)
    this.tail = this.views.tail()
  }

  /**
   * Hands every published record (or the first `limit` events) to `visit` in order, then frees
   * their space (so copy what must outlive the call: the record object is reused). Answers how
   * many events it read.
   */
  read(visit: RingVisit, limit = Infinity): number {
    const { capacity, int32, float64, bytes, control64, control32 } = this.views
    const head = this.views.head()
    const record = this.record
    let position = this.tail
    let events = 0
    while (position < head && events < limit) {
      const at = position % capacity
      const i = at >> 2
      const kind = int32[i]!
      if (kind === KIND_WRAP) {
        position += capacity - at
        continue
      }
      const length = int32[i + 1]!
      const start = at + RECORD_HEADER_BYTES
      const hasBody = kind === KIND_BODY
      const text = hasBody ? '' : bytes.toString('utf8', start, start + length)
      position += RECORD_HEADER_BYTES + align8(length)
      if (kind === KIND_NAME) {
        this.names.push(text)
        continue
      }
      const names = this.names
      const place = int32[i + 5]!
      record.textBytes = length
      record.bytes = int32[i + 2]!
      record.sourceId = names[int32[i + 3]!]!
      record.type = names[int32[i + 4]!]!
      record.place = place === WHOLE_TEXT ? null : names[place]!
      record.id = float64[(at >> 3) + 3]!
      record.receivedAt = float64[(at >> 3) + 4]!
      record.text = text
      events++
      visit(record, bytes, hasBody ? start : -1)
    }
    if (position !== this.tail) {
      this.tail = position
      Atomics.store(control64, TAIL, BigInt(position))
      if (Atomics.load(control32, WAITING) === 1) {
        Atomics.add(control32, RELEASED, 1)
        Atomics.notify(control32, RELEASED)
      }
    }
    return events
  }

  /** The writer's sequence word now: pass it to `waitForNews` after a `read`. */
  sequence(): number {
    return Atomics.load(this.views.control32, SEQ)
  }

  /** Whether the writer closed the ring and everything it wrote was read. */
  finished(): boolean {
    return Atomics.load(this.views.control32, CLOSED) === 1 && this.tail === this.views.head()
  }

  /** Resolves once the writer has published since `sequence` was read (at once if it has). */
  async waitForNews(sequence: number): Promise<void> {
    const wait = Atomics.waitAsync(this.views.control32, SEQ, sequence)
    if (wait.async) await wait.value
  }
}
