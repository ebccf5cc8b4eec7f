/** A fixed-capacity buffer that overwrites its oldest item; memory stays bounded at any rate. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[]
  private start = 0
  private count = 0

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer')
    this.items = new Array<T | undefined>(capacity)
  }

  get size(): number {
    return this.count
  }

  /** Adds an item; returns true when the oldest item was evicted to make room. */
  push(item: T): boolean {
    if (this.count < this.capacity) {
      const at = this.start + this.count
      this.items[at < this.capacity ? at : at - this.capacity] = item
      this.count++
      return false
    }
    this.items[this.start] = item
    if (++this.start === this.capacity) this.start = 0
    return true
  }

  clear(): void {
    this.items.fill(undefined)
    this.start = 0
    this.count = 0
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
}
