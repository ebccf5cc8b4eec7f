/**
 * Evaluates the events of one socket read together, trigger by trigger rather than event by event,
 * with exactly the outcome of evaluating them one at a time.
 *
 * Why: an evaluation touches its trigger's closures, counters, `changed` memory and near-miss ring.
 * Event by event, a burst walks every candidate trigger's state for each event, and with a hundred
 * triggers that state no longer stays in the CPU's caches; trigger by trigger, it is fetched once
 * per read and reused for each of the read's events (measured: a quarter less time per event with
 * the benchmark's 100 triggers).
 *
 * Why the outcome is the same: everything evaluation changes belongs to one trigger, and each
 * trigger still sees its events in arrival order (a trigger reached through two lists, say a type
 * and an experience id, is evaluated event by event in a last pass). Matches are then handed to
 * noise control and the action queue in the order event-by-event evaluation produces them: by
 * event, then type list, experience list, any-type list, then position in the list.
 */

import type { VigilEvent } from '../../../shared/domain'
import type { TriggerIndex } from './trigger-index'
import type { Runtime } from './trigger-runtime'

export interface BatchTarget {
  /**
   * Tests one trigger against one event of `bytes` (its frame's size, for the near-miss budget)
   * and keeps counters, `changed` memory and near-misses: a match?
   */
  evaluate(runtime: Runtime, event: VigilEvent, bytes: number): boolean
  /** Handles a match (noise control, then firing or recording the suppression). */
  matched(runtime: Runtime, event: VigilEvent): void
}

/**
 * An event's candidate lists, in the order `TriggerEngine.handle` walks them; a list's rank is its
 * place here: 0 the type's, 1 the experience id's, 2 the any-type list.
 */
const RANKS = 3

interface Group {
  list: readonly Runtime[]
  rank: number
  /** Indices of the batch's events this list applies to, ascending. */
  events: number[]
}

interface Match {
  event: number
  rank: number
  position: number
  runtime: Runtime
}

/** Fills `out` (reused: nothing allocated per event) with the candidate lists of `event`. */
function listsOf(index: TriggerIndex, event: VigilEvent, out: (readonly Runtime[])[]): void {
  const triggers = index.forSource(event.sourceId)
  out[0] = triggers.byType.get(event.type) ?? NONE
  out[1] = triggers.byExperienceOf(event) ?? NONE
  out[2] = triggers.anyType
}

const NONE: readonly Runtime[] = []

export function evaluateBatch(
  events: readonly VigilEvent[],
  index: TriggerIndex,
  target: BatchTarget,
  sizes: readonly number[] = [],
): void {
  const groups = new Map<readonly Runtime[], Group>()
  const ordered: Group[] = []
  const lists: (readonly Runtime[])[] = []
  for (let i = 0; i < events.length; i++) {
    listsOf(index, events[i]!, lists)
    for (let rank = 0; rank < RANKS; rank++) {
      const list = lists[rank]!
      if (list.length === 0) continue
      let group = groups.get(list)
      if (group === undefined) {
        group = { list, rank, events: [] }
        groups.set(list, group)
        ordered.push(group)
      }
      group.events.push(i)
    }
  }

  // A trigger in two of this batch's lists must see their events interleaved, in arrival order.
  let shared: Set<Runtime> | undefined
  if (ordered.length > 1) {
    const seen = new Set<Runtime>()
    for (const { list } of ordered) {
      for (const runtime of list) {
        if (seen.has(runtime)) (shared ??= new Set()).add(runtime)
        else seen.add(runtime)
      }
    }
  }

  const matches: Match[] = []
  for (const { list, rank, events: indices } of ordered) {
    for (let position = 0; position < list.length; position++) {
      const runtime = list[position]!
      if (shared?.has(runtime)) continue
      for (let k = 0; k < indices.length; k++) {
        const event = indices[k]!
        if (target.evaluate(runtime, events[event]!, sizes[event] ?? 0))
          matches.push({ event, rank, position, runtime })
      }
    }
  }
  if (shared !== undefined) {
    for (let event = 0; event < events.length; event++) {
      listsOf(index, events[event]!, lists)
      for (let rank = 0; rank < RANKS; rank++) {
        const list = lists[rank]!
        for (let position = 0; position < list.length; position++) {
          const runtime = list[position]!
          if (shared.has(runtime) && target.evaluate(runtime, events[event]!, sizes[event] ?? 0))
            matches.push({ event, rank, position, runtime })
        }
      }
    }
  }

  matches.sort((a, b) => a.event - b.event || a.rank - b.rank || a.position - b.position)
  for (const match of matches) target.matched(match.runtime, events[match.event]!)
}
