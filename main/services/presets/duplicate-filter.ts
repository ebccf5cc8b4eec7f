/**
 * Drops repeats of an identical payload seen within a time window, as mature Census clients do
 * (the stream sends the same event more than once). A payload is remembered by a hash of bytes
 * that stand for it (the caller finds them cheaply: Census's census-envelope.ts hashes a frame in
 * the service's own envelope as received, rather than serialising the parsed payload again on the
 * per-event path), from its first sighting: a repeat does not extend the window, so a value that
 * legitimately recurs is let through again once the window has passed. Memory is bounded: entries
 * expire in arrival order, and past `maxEntries` the oldest go first (at extreme rates a late
 * repeat may then slip through).
 *
 * The hash is xxHash64 (xxhash-wasm: the most used xxHash package, WebAssembly, so nothing to
 * rebuild per Electron version) cut to 53 bits, kept as a number: it costs a third of a SHA-1
 * written as base64 for a 200-byte frame, and a number key costs the Map less than a 28-character
 * string. Nothing here needs a cryptographic hash: what a stream could gain by forging a collision
 * is having one of its own events dropped. By chance, a new payload is dropped only if its hash
 * equals one of the n held, with probability n / 2^53: at the most the window holds (200,000),
 * 2.2e-11 per event, one false drop in about 45 billion events, five days of a 100,000 events/s
 * flood; a Census stream of 300 events a second in a window holding 3,000 would see one in about
 * three centuries.
 *
 * Arrival order is kept in arrays rather than by iterating the Map: a Map iterated from its start
 * after many deletions walks their tombstones each time, which made every frame cost O(window).
 */

import xxhash from 'xxhash-wasm'

const { h64, h64Raw } = await xxhash()

/** The low 53 bits of xxHash64 of the bytes (a string: of its UTF-8 bytes), a safe integer. */
export function fingerprint(bytes: Buffer | string): number {
  return Number(BigInt.asUintN(53, typeof bytes === 'string' ? h64(bytes) : h64Raw(bytes)))
}

export class DuplicateFilter {
  /** Fingerprint → first seen at. */
  private readonly seen = new Map<number, number>()
  /** Fingerprints and their times in arrival order, from `head` on. */
  private keys: number[] = []
  private times: number[] = []
  private head = 0

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries = 200_000,
  ) {}

  get size(): number {
    return this.seen.size
  }

  /** True when identical bytes (standing for a payload) arrived less than `windowMs` ago. */
  isRepeat(bytes: Buffer | string, at: number): boolean {
    if (this.windowMs <= 0) return false
    this.expire(at)
    const key = fingerprint(bytes)
    if (this.seen.has(key)) return true
    this.seen.set(key, at)
    this.keys.push(key)
    this.times.push(at)
    if (this.seen.size > this.maxEntries) this.dropOldest()
    return false
  }

  private expire(at: number): void {
    while (this.head < this.keys.length && at - this.times[this.head]! >= this.windowMs)
      this.dropOldest()
  }

  private dropOldest(): void {
    this.seen.delete(this.keys[this.head]!)
    this.head++
    // Compact now and then, so the arrays hold about what the Map holds.
    if (this.head >= 1024 && this.head * 2 >= this.keys.length) {
      this.keys = this.keys.slice(this.head)
      this.times = this.times.slice(this.head)
      this.head = 0
    }
  }
}
