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
 * Both double as the window fills, up to `maxEntries`, so a quiet source holds a few kB.
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
   * Open addressing with linear probing: each slot holds a ring index or EMPTY; twice the ring's
   * size (a power of two), so probes stay short.
   */
  private table = new Int32Array(0)
  private mask = 0

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries = 200_000,
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
    const key = fingerprint(bytes)
    let slot = this.slotOf(key)
    const table = this.table
    for (let probe = table[slot]!; probe !== EMPTY; probe = table[slot]!) {
      if (this.keys[probe] === key) return true
      slot = (slot + 1) & this.mask
    }
    if (this.count >= this.maxEntries) {
      this.dropOldest()
      // The drop may have shifted entries into the free slot's chain: look for it again.
      slot = this.freeSlot(key)
    } else if (this.count === this.keys.length) {
      this.grow()
      slot = this.freeSlot(key)
    }
    const index = (this.head + this.count) % this.keys.length
    this.keys[index] = key
    this.times[index] = at
    this.table[slot] = index
    this.count++
    return false
  }

  private expire(at: number): void {
    while (this.count > 0 && at - this.times[this.head]! >= this.windowMs) this.dropOldest()
  }

  /**
   * The table slot a fingerprint's probe starts at: its low bits (xxHash's are well mixed; `&`
   * takes a number's low 32 bits, and the table is at most 2^31 slots).
   */
  private slotOf(key: number): number {
    return key & this.mask
  }

  /** The first empty slot on `key`'s probe (it is known not to be in the table). */
  private freeSlot(key: number): number {
    let slot = this.slotOf(key)
    while (this.table[slot] !== EMPTY) slot = (slot + 1) & this.mask
    return slot
  }

  /** Forgets the oldest fingerprint: frees its slot and closes the gap behind it in its chain. */
  private dropOldest(): void {
    const table = this.table
    const mask = this.mask
    let hole = this.slotOf(this.keys[this.head]!)
    while (table[hole] !== this.head) hole = (hole + 1) & mask
    table[hole] = EMPTY
    // Backward-shift deletion: an entry further along whose probe starts at or before the hole
    // moves into it, so every remaining fingerprint stays reachable without tombstones.
    for (let next = (hole + 1) & mask; table[next] !== EMPTY; next = (next + 1) & mask) {
      const home = this.slotOf(this.keys[table[next]!]!)
      const distanceToNext = (next - home) & mask
      const distanceToHole = (hole - home) & mask
      if (distanceToHole <= distanceToNext) {
        table[hole] = table[next]!
        table[next] = EMPTY
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
    let tableSize = 1
    while (tableSize < size * 2) tableSize *= 2
    this.table = new Int32Array(tableSize).fill(EMPTY)
    this.mask = tableSize - 1
    for (let i = 0; i < this.count; i++) this.table[this.freeSlot(keys[i]!)] = i
  }
}
