/**
 * Which field of a stream's events looks like the event type: short strings with few distinct
 * values, present in most events. Pure, so the engine runs it over a connection test's events and
 * the UI over the live list's payloads.
 */

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
