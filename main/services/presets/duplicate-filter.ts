/**
 * Drops repeats of an identical payload seen within a time window, as mature Census clients do
 * (the stream sends the same event more than once). A payload is remembered by a hash of its JSON
 * (identical frames serialise identically: same keys, same order), from its first sighting: a
 * repeat does not extend the window, so a value that legitimately recurs is let through again once
 * the window has passed. Memory is bounded: entries expire in arrival order, and past
 * `maxEntries` the oldest go first (at extreme rates a late repeat may then slip through).
 */

import { hash } from 'node:crypto'

export class DuplicateFilter {
  /** Fingerprint → first seen at. Insertion order is arrival order, so expiry pops from the head. */
  private readonly seen = new Map<string, number>()

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries = 200_000,
  ) {}

  get size(): number {
    return this.seen.size
  }

  /** True when an identical payload arrived less than `windowMs` before `at`. */
  isRepeat(payload: unknown, at: number): boolean {
    if (this.windowMs <= 0) return false
    this.expire(at)
    const key = hash('sha1', JSON.stringify(payload) ?? 'undefined', 'base64')
    if (this.seen.has(key)) return true
    this.seen.set(key, at)
    if (this.seen.size > this.maxEntries) this.seen.delete(this.seen.keys().next().value!)
    return false
  }

  private expire(at: number): void {
    for (const [key, firstAt] of this.seen) {
      if (at - firstAt < this.windowMs) return
      this.seen.delete(key)
    }
  }
}
