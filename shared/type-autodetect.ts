/**
 * Which field of a stream's events looks like the event type: short strings with few distinct
 * values, present in most events. Pure, so the engine runs it over a connection test's events and
 * over a source's events typed `unknown`, and the UI over the live list's payloads.
 *
 * A tally takes payloads one at a time and keeps bounded counts, never the payloads themselves, so
 * a hostile stream cannot make it hold more than a few hundred short strings whatever it sends.
 */

import { formatFieldPath } from './field-path'

/** A field that looks like an event type. */
export interface TypeCandidate {
  /** The field path, relative to the event payload (what `eventTypePath` takes). */
  path: string
  /** From 0 to 1: how much it looks like a type; candidates come best first. */
  score: number
  /** The distinct values seen there, most frequent first (at most MAX_CANDIDATE_VALUES). */
  values: string[]
  /** The share of the events that have a value there, from 0 to 1. */
  coverage: number
}

/** How many sample values a candidate carries. */
export const MAX_CANDIDATE_VALUES = 10
/** How many candidates `candidates()` answers at most. */
export const MAX_CANDIDATES = 5

/** Types sit near the top of an event: deeper fields are not looked at. */
const MAX_DEPTH = 4
/** Fields looked at per payload; the rest of a huge one is skipped. */
const MAX_FIELDS_PER_PAYLOAD = 200
/** Distinct paths tallied; new ones past this are not. */
const MAX_PATHS = 200
/** Distinct values tallied per path: a field with more is no type. */
const MAX_VALUES_PER_PATH = 50
/** A type is a short string; longer values count against their field. */
const MAX_TYPE_LENGTH = 64
/** Below this score a field is not proposed. */
const MIN_SCORE = 0.15

/** Field names that usually hold a type. */
const TYPE_NAMES =
  /^(type|event|event_?type|event_?name|eventcid|kind|action|op|topic|name|category|subject|message_?type|msg_?type)$/i
const TYPE_LIKE = /type|event|kind/i

interface PathTally {
  path: string
  depth: number
  key: string
  /** Events that had a short string or a number here. */
  count: number
  /** Of those, how many held a letter (types are names, not numbers). */
  text: number
  /** Values longer than MAX_TYPE_LENGTH. */
  long: number
  values: Map<string, number>
  /** More distinct values than are tallied. */
  overflow: boolean
}

export class TypeFieldTally {
  private events = 0
  private readonly paths = new Map<string, PathTally>()

  /** How many payloads were added. */
  get size(): number {
    return this.events
  }

  add(payload: unknown): void {
    this.events++
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return
    // Iterative, breadth-first, own properties only: a payload is whatever a server sent.
    const queue: [object, string[]][] = [[payload, []]]
    let visited = 0
    for (let head = 0; head < queue.length; head++) {
      const [node, segments] = queue[head]!
      for (const key of Object.keys(node)) {
        if (++visited > MAX_FIELDS_PER_PAYLOAD) return
        const value = (node as Record<string, unknown>)[key]
        const path = [...segments, key]
        if (value !== null && typeof value === 'object') {
          if (!Array.isArray(value) && path.length < MAX_DEPTH) queue.push([value, path])
          continue
        }
        this.observe(path, key, value)
      }
    }
  }

  /** The fields that look like a type, best first. */
  candidates(limit = MAX_CANDIDATES): TypeCandidate[] {
    if (this.events === 0) return []
    const scored: TypeCandidate[] = []
    for (const tally of this.paths.values()) {
      const score = this.score(tally)
      if (score < MIN_SCORE) continue
      scored.push({
        path: tally.path,
        score,
        values: [...tally.values.entries()]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, MAX_CANDIDATE_VALUES)
          .map(([value]) => value),
        coverage: round(tally.count / this.events),
      })
    }
    return scored.sort((a, b) => b.score - a.score || a.path.length - b.path.length).slice(0, limit)
  }

  private observe(segments: string[], key: string, value: unknown): void {
    let text: string
    if (typeof value === 'string') text = value
    else if (typeof value === 'number' && Number.isFinite(value)) text = String(value)
    else return
    if (text === '') return
    const path = formatFieldPath(segments)
    let tally = this.paths.get(path)
    if (!tally) {
      if (this.paths.size >= MAX_PATHS) return
      tally = {
        path,
        depth: segments.length,
        key,
        count: 0,
        text: 0,
        long: 0,
        values: new Map(),
        overflow: false,
      }
      this.paths.set(path, tally)
    }
    tally.count++
    if (text.length > MAX_TYPE_LENGTH) {
      tally.long++
      return
    }
    if (typeof value === 'string' && /[A-Za-z]/.test(text)) tally.text++
    const seen = tally.values.get(text)
    if (seen !== undefined) tally.values.set(text, seen + 1)
    else if (tally.values.size < MAX_VALUES_PER_PATH) tally.values.set(text, 1)
    else tally.overflow = true
  }

  /**
   * Present in most events, short, named rather than numbered, and repeating: a field whose
   * values are all different (an id, a timestamp) is no type, and one with a single value is a
   * weak one (a stream of one kind of event, or a constant such as a service name).
   */
  private score(tally: PathTally): number {
    if (tally.overflow) return 0
    const coverage = tally.count / this.events
    if (coverage < 0.5) return 0
    const short = 1 - tally.long / tally.count
    const named = 0.4 + 0.6 * (tally.text / tally.count)
    const counted = tally.count - tally.long
    const distinct = tally.values.size
    let repeating: number
    if (distinct <= 1) repeating = 0.35
    else {
      const unique = (distinct - 1) / Math.max(1, counted - 1)
      repeating = 1 - unique * unique
    }
    const name = TYPE_NAMES.test(tally.key) ? 1 : TYPE_LIKE.test(tally.key) ? 0.9 : 0.7
    const depth = 1 - 0.05 * (tally.depth - 1)
    return round(coverage * short * named * repeating * name * depth)
  }
}

/** The fields of `payloads` that look like an event type, best first. */
export function detectTypeFields(
  payloads: Iterable<unknown>,
  limit = MAX_CANDIDATES,
): TypeCandidate[] {
  const tally = new TypeFieldTally()
  for (const payload of payloads) tally.add(payload)
  return tally.candidates(limit)
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
