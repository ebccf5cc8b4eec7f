/**
 * "Why didn't it fire?" in words: first what stops the trigger as a whole (switched off, spent,
 * snoozed, nothing arrived, matches held back by noise control), then, per condition, how often
 * it failed and what its field held instead ("state equals "ajar": failed 100 %; seen open 52 %,
 * closed 48 %"), from the engine's ConditionSummary.
 */

import type { LeafSummary, SeenValue, TriggerView } from '../../shared/trigger-views'
import { formatCount, formatDateTime } from './format'
import { activeSnooze } from './snooze-times'
import { describeSuppressed } from './suppression'

/**
 * Whether a trigger gets a "Why?" link: it never fired, or some events of its types were turned
 * down by its condition (its near misses).
 */
export function offersWhy(view: Pick<TriggerView, 'counters'>): boolean {
  const { fired, evaluated, matched } = view.counters
  return fired === 0 || evaluated > matched
}

/** `part` of `whole` as a whole percentage ("52 %", the space unbreakable); "0 %" of nothing. */
export function percent(part: number, whole: number): string {
  return `${whole > 0 ? Math.round((part / whole) * 100) : 0}\u00a0%`
}

/** A value the field held, as a reader would write it. */
export function seenText(seen: SeenValue): string {
  if (seen.missing) return '(missing)'
  if (seen.value === '') return '(empty)'
  return typeof seen.value === 'string' ? seen.value : JSON.stringify(seen.value)
}

export interface LeafAnswer {
  failed: string
  /** "open 52 %", "closed 48 %", "other values 4 %"; none when it never failed. */
  seen: string[]
  /** 0-100, for a bar. */
  failedShare: number
}

export function leafAnswer(leaf: LeafSummary, events: number): LeafAnswer {
  const listed = leaf.seen.map((seen) => `${seenText(seen)} ${percent(seen.count, leaf.failed)}`)
  if (leaf.otherFailed > 0) listed.push(`other values ${percent(leaf.otherFailed, leaf.failed)}`)
  return {
    failed: `failed ${percent(leaf.failed, events)}`,
    seen: listed,
    failedShare: events > 0 ? (leaf.failed / events) * 100 : 0,
  }
}

/**
 * What keeps the trigger as a whole from notifying, before any condition: null when nothing does
 * (its conditions are then the answer).
 */
export function triggerHeadline(view: TriggerView, now: number): string | null {
  if (!view.enabled) return 'It is switched off.'
  if (view.spent)
    return 'It is a single shot that has already fired (or expired); saving it arms it again.'
  const snoozed = activeSnooze(view.noise.snoozeUntil, now)
  if (snoozed !== null) return `It is snoozed until ${formatDateTime(snoozed)}.`
  const { evaluated, matched, fired, suppressed } = view.counters
  if (evaluated === 0)
    return view.mode === 'absence'
      ? 'No event of its types from its sources has arrived yet; it alerts once they have been silent long enough while open.'
      : 'No event of its types from its sources has arrived yet: check the sources and the event types.'
  if (matched > fired && view.mode !== 'absence') {
    const held = describeSuppressed(suppressed, formatCount)
    return `It matched ${formatCount(matched)} times; noise control held ${held ? `back ${held}` : 'some back'}.`
  }
  return null
}
