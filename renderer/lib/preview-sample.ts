/**
 * Which event the builder previews templates with. A preview on an event the trigger would not
 * fire on ("battery 69%" on a "battery < 20" trigger) misleads, so the order is: the event the
 * user clicked (a backtest match), the event the builder was launched from (Live events), the
 * event already shown while it still matches, the newest match, and only when nothing matches,
 * the newest event of the draft's sources and types. The renderer evaluates the condition here
 * only to preview; the engine alone decides what fires.
 */

import { compileCondition } from '../../shared/conditions/compile'
import type { Condition } from '../../shared/conditions/schema'
import type { VigilEvent } from '../../shared/domain'

export type SampleReason = 'chosen' | 'launching' | 'match' | 'recent'

export interface PreviewSample {
  event: VigilEvent
  reason: SampleReason
}

/** A test of the condition, or null while it cannot be compiled (a draft being written). */
export function conditionMatcher(condition: Condition): ((event: VigilEvent) => boolean) | null {
  try {
    const compiled = compileCondition(condition)
    return (event) => {
      try {
        return compiled.test(event)
      } catch {
        return false
      }
    }
  } catch {
    return null
  }
}

export interface SampleChoice {
  /** Picked by the user (a backtest match). */
  chosen: VigilEvent | null
  /** The event the builder was opened from. */
  launching: VigilEvent | null
  /** The preview shown now, kept while it is still a good one so previews hold still. */
  current: PreviewSample | null
  /** Recent events, newest first. */
  samples: readonly VigilEvent[]
  /** The draft's sources and types. */
  fits: (event: VigilEvent) => boolean
  /** The draft's condition; null when it cannot be evaluated. */
  matches: ((event: VigilEvent) => boolean) | null
}

export function pickSample(choice: SampleChoice): PreviewSample | null {
  const { chosen, launching, current, samples, fits, matches } = choice
  if (chosen && fits(chosen)) return { event: chosen, reason: 'chosen' }
  if (launching && fits(launching)) return { event: launching, reason: 'launching' }
  if (matches) {
    const matching = (event: VigilEvent) => fits(event) && matches(event)
    if (current?.reason === 'match' && matching(current.event)) return current
    const match = samples.find(matching)
    if (match) return { event: match, reason: 'match' }
  }
  if (current && fits(current.event)) return { event: current.event, reason: 'recent' }
  const recent = samples.find(fits)
  return recent ? { event: recent, reason: 'recent' } : null
}
