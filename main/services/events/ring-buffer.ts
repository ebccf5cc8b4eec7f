/**
 * A buffer that keeps the newest items within two bounds, a count and (optionally) bytes, and
 * drops its oldest to make room: memory stays bounded at any rate and any item size. Each item's
 * size is given when it is pushed (for events, the bytes of the frame as received; see
 * docs/config.md, "Memory"). The newest item is always kept, even one larger than the byte
 * budget on its own, so the buffer never refuses what just arrived.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[]
  private readonly sizes: Float64Array
  private start = 0
  private count = 0
  private held = 0
  private budget: number

  constructor(
    readonly capacity: number,
    maxBytes = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer')
    this.items = new Array<T | undefined>(capacity)
    this.sizes = new Float64Array(capacity)
    this.budget = checkedBudget(maxBytes)
  }

  get size(): number {
    return this.count
  }

  /** Bytes held, as the pushes declared them. */
  get bytes(): number {
    return this.held
  }

  get maxBytes(): number {
    return this.budget
  }

  /** A new byte budget; the oldest items go at once if the buffer holds more. Answers how many. */
  setMaxBytes(maxBytes: number): number {
    this.budget = checkedBudget(maxBytes)
    return this.trim(0)
  }

  /** Adds an item of `bytes`; answers how many of the oldest were dropped to make room. */
  push(item: T, bytes = 0): number {
    let evicted = this.trim(bytes)
    if (this.count === this.capacity) {
      this.dropOldest()
      evicted++
    }
    const at = this.start + this.count
    const slot = at < this.capacity ? at : at - this.capacity
    this.items[slot] = item
    this.sizes[slot] = bytes
    this.held += bytes
    this.count++
    return evicted
  }

  clear(): void {
    this.items.fill(undefined)
    this.start = 0
    this.count = 0
    this.held = 0
  }

  /** Items newest first, optionally filtered, at most `limit` of them. */
  newest(limit = this.count, filter?: (item: T) => boolean): T[] {
    const out: T[] = []
    for (let i = this.count - 1; i >= 0 && out.length < limit; i--) {
      const item = this.items[(this.start + i) % this.capacity] as T
      if (!filter || filter(item)) out.push(item)
    }
    return out
  }

  /** Items oldest first. */
  toArray(): T[] {
    const out: T[] = new Array<T>(this.count)
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.start + i) % this.capacity] as T
    return out
  }

  /** Drops the oldest until `incoming` more bytes fit (or nothing is left); answers how many. */
  private trim(incoming: number): number {
    let evicted = 0
    while (this.count > 0 && this.held + incoming > this.budget) {
      this.dropOldest()
      evicted++
    }
    return evicted
  }

  private dropOldest(): void {
    this.held -= this.sizes[this.start]!
    this.items[this.start] = undefined
    if (++this.start === this.capacity) this.start = 0
    this.count--
  }
}

function checkedBudget(maxBytes: number): number {
  if (!(maxBytes > 0)) throw new RangeError('the byte budget must be positive')
  return maxBytes
}
