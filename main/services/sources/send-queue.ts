/**
 * Messages sent while a source is still logging in wait here, in order, and go out right after
 * the on-open messages. Bounded by count and bytes: what does not fit is refused (the caller hears
 * so), and what is still queued when the connection ends is dropped; both are counted.
 */

export class SendQueue {
  private items: string[] = []
  private bytes = 0

  constructor(
    readonly maxItems = 100,
    readonly maxBytes = 1024 * 1024,
  ) {}

  get size(): number {
    return this.items.length
  }

  /** Adds a message; false when it does not fit. */
  push(text: string): boolean {
    const size = Buffer.byteLength(text)
    if (this.items.length >= this.maxItems || this.bytes + size > this.maxBytes) return false
    this.items.push(text)
    this.bytes += size
    return true
  }

  /** Takes every message, oldest first. */
  drain(): string[] {
    const items = this.items
    this.items = []
    this.bytes = 0
    return items
  }

  /** Empties the queue; answers how many messages were dropped. */
  clear(): number {
    return this.drain().length
  }
}
