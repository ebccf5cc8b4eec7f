/**
 * The memory behind `changed`: the previous value of a field per event type (and key).
 */

import { compactKey, compactValue } from '../compact-key'
import type { VigilEvent } from '../domain'
import { fingerprint, toText } from './coercion'

/** A missing field is remembered as MISSING; `undefined` means no previous event for the key. */
const MISSING = Symbol('missing')
/** In a single-leaf snapshot: there was no previous event (undefined would mean "no snapshot"). */
export const NO_PREVIOUS = Symbol('no previous')

/**
 * The previous value per type (and key), in one map per event type keyed by the key's text, so
 * no key string is built per event. Costs per event: one map read, and a write only when the
 * value changed or the key is new. The last event's lookups are kept, since `test` and `commit`
 * ask about the same event one after the other. Beyond `limit` keys a type's oldest are dropped:
 * those whose value changed least recently (a key seen often with the same value still ages).
 * Long keys and values are remembered by a digest (see compact-key.ts), so the memory is bounded
 * in bytes too.
 */
export class ChangedState {
  private readonly byType = new Map<string, Map<string, unknown>>()
  private lastEvent: VigilEvent | undefined
  private lastType: string | undefined
  private lastMap: Map<string, unknown> | undefined
  private lastKey = ''
  private lastValue: unknown
  /** The last event's previous value, once looked up (`test` then `commit` need it both). */
  private lastPrevious: unknown
  private previousKnown = false

  constructor(
    private readonly value: (event: VigilEvent) => unknown,
    private readonly key: ((event: VigilEvent) => unknown) | undefined,
    private readonly limit: number,
  ) {}

  private prepare(event: VigilEvent): void {
    if (event === this.lastEvent) return
    this.lastEvent = event
    this.previousKnown = false
    // Most triggers watch one type: the map of the last event's type is usually the one needed.
    if (event.type !== this.lastType) {
      this.lastType = event.type
      this.lastMap = this.byType.get(event.type)
    }
    this.lastKey = this.key ? compactKey(toText(this.key(event)) ?? '') : ''
    const value = this.value(event)
    this.lastValue = value === undefined ? MISSING : compactValue(fingerprint(value))
  }

  previousOf(event: VigilEvent): unknown {
    this.prepare(event)
    return this.previous()
  }

  private previous(): unknown {
    if (!this.previousKnown) {
      this.lastPrevious = this.lastMap?.get(this.lastKey)
      this.previousKnown = true
    }
    return this.lastPrevious
  }

  differs(previous: unknown, event: VigilEvent): boolean {
    this.prepare(event)
    return previous !== undefined && previous !== this.lastValue
  }

  /** Answers the value held before this event (undefined: none). */
  commit(event: VigilEvent): unknown {
    this.prepare(event)
    let map = this.lastMap
    if (map === undefined) {
      map = new Map()
      this.byType.set(event.type, map)
      this.lastMap = map
    }
    const previous = this.previous()
    if (previous === this.lastValue) return previous
    // A Map keeps a key where it was first set: moving a changed key to the back makes the
    // oldest the key changed least recently rather than the first one seen. Only once the map is
    // past half its limit, when eviction draws near: a move leaves a deleted slot behind, and at
    // hundreds of thousands of events a second those slots cost more than the order is worth
    // while nothing is being evicted (measured with `npm run bench`).
    if (previous !== undefined && map.size * 2 > this.limit) map.delete(this.lastKey)
    map.set(this.lastKey, this.lastValue)
    this.lastPrevious = this.lastValue
    if (previous === undefined && map.size > this.limit) {
      const oldest = map.keys().next()
      if (!oldest.done) map.delete(oldest.value)
    }
    return previous
  }
}
