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
 * The window is a ring of fingerprints and times in arrival order (typed arrays) and an
 * open-addressing table from fingerprint to ring slot, rather than a Map: a Map keyed by 53-bit
 * numbers boxes every key (they are not small integers) and rehashes as it grows and shrinks, and
 * at a flood's rate the Map and its boxes cost about 0.4 µs of CPU and garbage per event
 * (`npm run bench` profile, docs/performance.md); the ring and table allocate nothing per event.
 * Both double as the window fills, up to `maxEntries`, so a quiet source holds about 32 kB.
 */

import xxhash from 'xxhash-wasm'

const { h64, h64Raw } = await xxhash()

/** The low 53 bits of xxHash64 of the bytes (a string: of its UTF-8 bytes), a safe integer. */
export function fingerprint(bytes: Buffer | string): number {
  return Number(BigInt.asUintN(53, typeof bytes === 'string' ? h64(bytes) : h64Raw(bytes)))
}

/** Ring slots the filter starts with (it doubles up to `maxEntries`). */
const INITIAL_SLOTS = 1024
/** In the table: no fingerprint here. */
const EMPTY = -1

export class DuplicateFilter {
  /** Fingerprints and first-seen times in arrival order: `count` of them from `head`, wrapping. */
  private keys = new Float64Array(0)
  private times = new Float64Array(0)
  private head = 0
  private count = 0
  /**
   * Open addressing with linear probing, two int32 words a slot: the ring index (or EMPTY), then
   * the fingerprint's low 32 bits (its tag). Twice the ring's slots (a power of two), so probes
   * stay short. At the cap the table is megabytes and each probe a cache miss: with the tag beside
   * the index, a probe tells a different fingerprint, and finds an entry's home slot when one is
   * dropped, without reading the ring at another random place (a second miss per occupied slot).
   */
  private table = new Int32Array(0)
  private mask = 0

  /** `hash`: what stands for the bytes (tests give one whose fingerprints share low bits). */
  constructor(
    private readonly windowMs: number,
    private readonly maxEntries = 200_000,
    private readonly hash: (bytes: Buffer | string) => number = fingerprint,
  ) {
    this.grow()
  }

  get size(): number {
    return this.count
  }

  /** True when identical bytes (standing for a payload) arrived less than `windowMs` ago. */
  isRepeat(bytes: Buffer | string, at: number): boolean {
    // A window or a cap of nothing holds nothing: every payload is new (and the ring has no slot).
    if (this.windowMs <= 0 || this.maxEntries <= 0) return false
    this.expire(at)
    const key = this.hash(bytes)
    const tag = key | 0
    const table = this.table
    let slot = tag & this.mask
    for (let probe = table[2 * slot]!; probe !== EMPTY; probe = table[2 * slot]!) {
      if (table[2 * slot + 1] === tag && this.keys[probe] === key) return true
      slot = (slot + 1) & this.mask
    }
    if (this.count >= this.maxEntries) {
      this.dropOldest()
      // The drop may have shifted entries into the free slot's chain: look for it again.
      slot = this.freeSlot(tag)
    } else if (this.count === this.keys.length) {
      this.grow()
      slot = this.freeSlot(tag)
    }
    const index = (this.head + this.count) % this.keys.length
    this.keys[index] = key
    this.times[index] = at
    this.table[2 * slot] = index
    this.table[2 * slot + 1] = tag
    this.count++
    return false
  }

  private expire(at: number): void {
    while (this.count > 0 && at - this.times[this.head]! >= this.windowMs) this.dropOldest()
  }

  /**
   * The first empty slot on the probe of a fingerprint whose tag is `tag` (it is known not to be in
   * the table). A probe starts at the tag's low bits (xxHash's are well mixed; the table is at most
   * 2^31 slots).
   */
  private freeSlot(tag: number): number {
    let slot = tag & this.mask
    while (this.table[2 * slot] !== EMPTY) slot = (slot + 1) & this.mask
    return slot
  }

  /** Forgets the oldest fingerprint: frees its slot and closes the gap behind it in its chain. */
  private dropOldest(): void {
    const table = this.table
    const mask = this.mask
    let hole = this.keys[this.head]! & mask
    while (table[2 * hole] !== this.head) hole = (hole + 1) & mask
    table[2 * hole] = EMPTY
    // Backward-shift deletion: an entry further along whose probe starts at or before the hole
    // moves into it, so every remaining fingerprint stays reachable without tombstones.
    for (let next = (hole + 1) & mask; table[2 * next] !== EMPTY; next = (next + 1) & mask) {
      const home = table[2 * next + 1]! & mask
      const distanceToNext = (next - home) & mask
      const distanceToHole = (hole - home) & mask
      if (distanceToHole <= distanceToNext) {
        table[2 * hole] = table[2 * next]!
        table[2 * hole + 1] = table[2 * next + 1]!
        table[2 * next] = EMPTY
        hole = next
      }
    }
    this.head = (this.head + 1) % this.keys.length
    this.count--
  }

  /** Doubles the ring (in arrival order from 0) and rebuilds the table at twice that. */
  private grow(): void {
    const size = Math.min(Math.max(INITIAL_SLOTS, this.keys.length * 2), this.maxEntries)
    const keys = new Float64Array(size)
    const times = new Float64Array(size)
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) % this.keys.length
      keys[i] = this.keys[from]!
      times[i] = this.times[from]!
    }
    this.keys = keys
    this.times = times
    this.head = 0
    let slots = 1
    while (slots < size * 2) slots *= 2
    this.table = new Int32Array(2 * slots).fill(EMPTY)
    this.mask = slots - 1
    for (let i = 0; i < this.count; i++) {
      const tag = keys[i]! | 0
      const slot = this.freeSlot(tag)
      this.table[2 * slot] = i
      this.table[2 * slot + 1] = tag
    }
  }
}
