/**
 * Triggers looked up by value: in one candidate list (the triggers of one source and event type),
 * the triggers keyed by a field (field-keys.ts) are filed in one table per field, and an event
 * reads each such field once and evaluates only the triggers filed under its value: a
 * discrimination network's alpha memories, hashed. Triggers keyed by a range instead
 * (range-keys.ts) are filed likewise in a table of the field's ranges (range-table.ts), and those
 * keyed by an ending (suffix-keys.ts) in a table of its endings (suffix-table.ts). Triggers
 * that cannot be keyed stay in the list's plain part and are evaluated on every event, as before.
 *
 * A keyed trigger that is not looked up for an event is one whose condition is false for it
 * (its keyed leaf is), and a keyed condition never uses `changed`, so the only state evaluation
 * changes is its count and its near-misses. Both are kept lazily, with the same outcome:
 *
 * - `counters.evaluated`: each list counts its events, and a trigger's counter takes the events
 *   of its lists since it was last brought up to date (`settle`), whether it was looked up for
 *   them or not (a looked-up trigger is not counted one by one).
 * - near-misses (the last NEAR_MISSES_PER_TRIGGER events its condition turned down, in order):
 *   every event of a keyed trigger's lists is a miss but its matches, looked up or not. So each
 *   list keeps its newest events, numbered in arrival order, in a ring of its own, and a keyed
 *   trigger records nothing when it is evaluated; when it matches, and before its near-misses are
 *   read, the events of its lists since it last did so (all misses) are recorded in its own ring,
 *   oldest first (`catchUp`). The list's ring's capacity of one more than the trigger's is
 *   enough: of those events only the newest NEAR_MISSES_PER_TRIGGER can still be in the trigger's
 *   ring, and a list's ring holds that many before the event that matched.
 *
 * Both rings are bounded in bytes as well (events sized by their frames): a trigger's by its
 * share of the near-miss budget, and a list's so that the events before its newest fit the same
 * share (the byte form of its one slot more), each always keeping at least its newest. The
 * trigger's newest events that fit its share are then among each list's, so replaying from the
 * lists still gives the trigger what recording event by event would have.
 *
 * This rests on evaluation not throwing (operators.ts: predicates never throw), since a throw is
 * the one outcome of a false condition that records no near-miss. Matches are rare, so the
 * copying is too: the hot path of a keyed trigger is its lookup and, when found, what is left of
 * its condition once its key holds (field-keys.ts `rest`).
 */

import { compileCondition } from '../../../shared/conditions/compile'
import type { VigilEvent } from '../../../shared/domain'
import type { KeptEvent } from '../events/kept-event'
import { collectPath, compilePathReader } from '../../../shared/field-path'
import type { FieldKeys } from './field-keys'
import { NEAR_MISSES_PER_TRIGGER, type NearMissRing } from './near-misses'
import type { Runtime } from './trigger-runtime'
import { RangeTable } from './range-table'
import { SuffixTable } from './suffix-table'
import { MAX_LOOKUP_LISTS, ValueTable } from './value-table'

/** A test of what is left of a trigger's condition once its key holds (see `Member.rest`). */
export type RestTest = (event: VigilEvent) => boolean

/**
 * Tests one trigger's condition on one event whose key holds, by `rest` (what is left of it),
 * nothing more (the index counts it and keeps its near-misses); true on a match.
 */
export interface IndexTarget {
  check(runtime: Runtime, rest: RestTest, event: VigilEvent): boolean
}

const HOLDS: RestTest = () => true

/** Numbers events in the order lists see them, across all lists of one trigger index. */
export interface Arrivals {
  last: number
}

/** What a list's ring holds: one more event than a trigger's near-miss ring (see above). */
const RING = NEAR_MISSES_PER_TRIGGER + 1

interface Membership {
  index: ValueIndex
  /** `index.count` when the trigger's counter last took the list's events. */
  counted: number
}

/** A keyed trigger, with what its lazy counter and near-misses are kept up to date by. */
export class Member {
  /** The arrival up to which its near-miss ring is complete (the last match, or read). */
  caughtUp = 0
  /** The arrival it was last looked up for (an event can find it under two values). */
  visited = 0
  readonly memberships: Membership[] = []
  private readonly record = (event: KeptEvent, _arrival: number, bytes: number) =>
    this.runtime.nearMisses.record(event, undefined, bytes)

  private restTest: RestTest | undefined

  constructor(
    readonly runtime: Runtime,
    readonly keys: FieldKeys,
  ) {}

  /**
   * The condition's test for an event found under its key: the key's leaf holds (the tables
   * answer exactly what `eq`, `in` and the range operators do), so only the rest is tested
   * (field-keys.ts `rest`; compiled on first use, since most keyed triggers are rarely looked up).
   */
  get rest(): RestTest {
    const rest = this.keys.rest
    return (this.restTest ??= rest === undefined ? HOLDS : compileCondition(rest).test)
  }

  /** Adds its lists' events since the last call to `counters.evaluated`. */
  settle(): void {
    for (const membership of this.memberships) {
      this.runtime.counters.evaluated += membership.index.count - membership.counted
      membership.counted = membership.index.count
    }
  }

  /** Records as near-misses the events of its lists since the last call, before `before`. */
  catchUp(before: number): void {
    const after = this.caughtUp
    if (this.memberships.length === 1) {
      this.memberships[0]!.index.replayInto(after, before, this.runtime.nearMisses)
    } else {
      // Lists interleave: gather each one's newest, then record them in arrival order.
      const gathered: [number, KeptEvent, number][] = []
      for (const { index } of this.memberships)
        index.replay(after, before, (event, arrival, bytes) =>
          gathered.push([arrival, event, bytes]),
        )
      gathered.sort((a, b) => a[0] - b[0])
      const from = Math.max(0, gathered.length - NEAR_MISSES_PER_TRIGGER)
      for (let i = from; i < gathered.length; i++) {
        const [arrival, event, bytes] = gathered[i]!
        this.record(event, arrival, bytes)
      }
    }
    this.caughtUp = Math.max(after, before - 1)
  }
}

interface Entry {
  member: Member
  /** The trigger's place in its candidate list (matches are handled in that order). */
  position: number
}

/** A field's table: by value (value-table.ts), by range (range-table.ts) or by ending. */
interface Lookup<T> {
  lookup(seen: unknown, out: T[][]): number
}

/** A table for keys of the kind of `keys`, and what files an entry under such keys in it. */
function tableOf(keys: FieldKeys): {
  table: Lookup<Entry>
  file: (keys: FieldKeys, item: Entry) => void
} {
  if (keys.ranges !== undefined) {
    const table = new RangeTable<Entry>()
    return { table, file: ({ ranges }, item) => ranges?.forEach((range) => table.add(range, item)) }
  }
  if (keys.suffixes !== undefined) {
    const table = new SuffixTable<Entry>()
    return {
      table,
      file: ({ suffixes }, item) => suffixes?.forEach((suffix) => table.add(suffix, item)),
    }
  }
  const table = new ValueTable<Entry>()
  return { table, file: ({ values }, item) => values.forEach((value) => table.add(value, item)) }
}

interface FieldNode {
  read: (event: VigilEvent) => unknown
  /** A wildcard path reads a list; each element is looked up. */
  wildcard: boolean
  table: Lookup<Entry>
  /** Files a trigger under its keys (in the constructor). */
  file: (keys: FieldKeys, item: Entry) => void
}

export class ValueIndex {
  /** Events this list has seen. */
  count = 0
  /** The matches of the last `evaluate`, in its first `found` slots (reused). */
  readonly matches: Entry[] = []
  private readonly fields: FieldNode[] = []
  /** The events as the recent-events ring keeps them (kept-event.ts), for near-misses. */
  private readonly events = new Array<KeptEvent | undefined>(RING)
  /** Arrival of each ring slot; 0 for a slot never written, or emptied to fit the bytes. */
  private readonly arrivals = new Float64Array(RING)
  private readonly sizes = new Float64Array(RING)
  private next = 0
  /** The oldest slot of the last `span`. */
  private spanFirst = 0
  /** Slots holding an event, and their bytes. */
  private held = 0
  private heldBytes = 0
  /** A lookup's lists (a range table may answer more than MAX_LOOKUP_LISTS: the array grows). */
  private readonly lists: Entry[][] = new Array<Entry[]>(MAX_LOOKUP_LISTS)

  constructor(
    entries: readonly Entry[],
    private readonly clock: Arrivals,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {
    // One table per field and kind of key (a NUL never starts a field's path).
    const byField = new Map<string, FieldNode>()
    for (const entry of entries) {
      const keys = entry.member.keys
      const { field, path } = keys
      const kind = keys.ranges !== undefined ? 'range' : keys.suffixes !== undefined ? 'end' : ''
      const name = kind === '' ? field : `\u0000${kind}\u0000${field}`
      let node = byField.get(name)
      if (node === undefined) {
        node = {
          read: path.hasWildcard ? (event) => collectPath(event, path) : compilePathReader(path),
          wildcard: path.hasWildcard,
          ...tableOf(keys),
        }
        byField.set(name, node)
        this.fields.push(node)
      }
      node.file(keys, entry)
      entry.member.memberships.push({ index: this, counted: 0 })
    }
  }

  /**
   * One event of the list: remembers it, looks its fields up and evaluates the triggers found
   * (each once; a match first brings their near-misses up to it). Answers how many matched (see
   * `matches`). `kept`: the event as its near-misses are held.
   */
  evaluate(event: VigilEvent, target: IndexTarget, bytes = 0, kept: KeptEvent = event): number {
    const arrival = ++this.clock.last
    this.count++
    this.remember(kept, arrival, bytes)
    let found = 0
    for (let f = 0; f < this.fields.length; f++) {
      const node = this.fields[f]!
      const seen = node.read(event)
      if (!node.wildcard) {
        found = this.visit(node.table, seen, arrival, event, target, found)
      } else {
        const elements = seen as unknown[]
        for (let e = 0; e < elements.length; e++)
          found = this.visit(node.table, elements[e], arrival, event, target, found)
      }
    }
    return found
  }

  /**
   * Calls `record` with this list's events numbered after `after` and before `before`, oldest
   * first, at most the newest NEAR_MISSES_PER_TRIGGER of them.
   */
  replay(
    after: number,
    before: number,
    record: (event: KeptEvent, arrival: number, bytes: number) => void,
  ): void {
    const taken = this.span(after, before)
    for (let i = 0, at = this.spanFirst; i < taken; i++) {
      record(this.events[at]!, this.arrivals[at]!, this.sizes[at]!)
      if (++at === RING) at = 0
    }
  }

  /** `replay` into one near-miss ring, copied in one call (what a trigger of one list needs). */
  replayInto(after: number, before: number, ring: NearMissRing): void {
    const taken = this.span(after, before)
    if (taken > 0) ring.recordRun(this.events, this.sizes, this.spanFirst, taken, RING)
  }

  /**
   * How many of the ring's events `replay` takes, the oldest of them in slot `spanFirst` (a field
   * rather than a pair answered, so nothing is allocated).
   */
  private span(after: number, before: number): number {
    // The ring's arrivals rise slot by slot from the oldest: walk back from the newest.
    let slot = this.next
    let newest = -1
    let taken = 0
    for (let i = 0; i < RING && taken < NEAR_MISSES_PER_TRIGGER; i++) {
      slot = slot === 0 ? RING - 1 : slot - 1
      const arrival = this.arrivals[slot]!
      if (arrival <= after) break
      if (arrival >= before) continue
      if (newest < 0) newest = slot
      taken++
    }
    this.spanFirst = (newest - taken + 1 + RING) % RING
    return taken
  }

  /** Puts the event in the ring, then empties the oldest slots until the bytes fit (see above). */
  private remember(event: KeptEvent, arrival: number, bytes: number): void {
    const slot = this.next
    if (this.arrivals[slot] !== 0) {
      this.held--
      this.heldBytes -= this.sizes[slot]!
    }
    this.events[slot] = event
    this.arrivals[slot] = arrival
    this.sizes[slot] = bytes
    this.held++
    this.heldBytes += bytes
    if (++this.next === RING) this.next = 0
    // Like the one slot more than a trigger's ring: the events before the newest (which may be
    // the match whose near-misses are being caught up) fill the share.
    while (this.heldBytes - bytes > this.maxBytes && this.held > 1) {
      // Held slots are the newest `held` ones, so the oldest is `held` slots back from `next`.
      const oldest = (this.next - this.held + RING) % RING
      this.heldBytes -= this.sizes[oldest]!
      this.events[oldest] = undefined
      this.arrivals[oldest] = 0
      this.held--
    }
  }

  private visit(
    table: Lookup<Entry>,
    seen: unknown,
    arrival: number,
    event: VigilEvent,
    target: IndexTarget,
    found: number,
  ): number {
    const lists = this.lists
    const count = table.lookup(seen, lists)
    for (let l = 0; l < count; l++) {
      const list = lists[l]!
      for (let i = 0; i < list.length; i++) {
        const entry = list[i]!
        const member = entry.member
        if (member.visited === arrival) continue
        member.visited = arrival
        if (!target.check(member.runtime, member.rest, event)) continue
        if (member.caughtUp < arrival - 1) member.catchUp(arrival)
        member.caughtUp = arrival
        this.matches[found++] = entry
      }
    }
    return found
  }
}
