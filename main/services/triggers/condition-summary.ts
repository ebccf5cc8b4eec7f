/**
 * "Why didn't it fire", per condition leaf: over a set of explained events (a trigger's
 * near-misses, a backtest's scanned events), how often each leaf failed and what its field held
 * instead, most frequent first. Values are told apart by their JSON text; each leaf tracks at most
 * MAX_DISTINCT of them (a field of ids would otherwise grow without end), and failures of values
 * beyond those are counted in `otherFailed`.
 */

import type { Explanation, LeafVerdict } from '../../../shared/conditions/compile'
import {
  SUMMARY_VALUES,
  type ConditionSummary,
  type LeafSummary,
  type SeenValue,
} from '../../../shared/trigger-views'

/** Distinct values counted per leaf; later new values go to `otherFailed`. */
const MAX_DISTINCT = 1_000
/** The key of an absent field (no JSON text is this). */
const MISSING = '\u0000missing'

interface LeafTally {
  leaf: LeafVerdict
  failed: number
  values: Map<string, { seen: SeenValue; count: number }>
}

export class ConditionSummaryBuilder {
  private events = 0
  private readonly leaves = new Map<string, LeafTally>()

  /** One event's explanation (every leaf judged, as `explain` does). */
  add(explanation: Explanation): void {
    this.events++
    for (const verdict of explanation.leaves) {
      let tally = this.leaves.get(verdict.path)
      if (tally === undefined) {
        tally = { leaf: verdict, failed: 0, values: new Map() }
        this.leaves.set(verdict.path, tally)
      }
      if (verdict.verdict) continue
      tally.failed++
      const missing = !('seen' in verdict)
      const key = missing ? MISSING : JSON.stringify(verdict.seen)
      const known = tally.values.get(key)
      if (known) known.count++
      else if (tally.values.size < MAX_DISTINCT)
        tally.values.set(key, {
          seen: missing ? { missing: true, count: 0 } : { value: verdict.seen, count: 0 },
          count: 1,
        })
    }
  }

  result(): ConditionSummary {
    return { events: this.events, leaves: [...this.leaves.values()].map(summarize) }
  }
}

function summarize(tally: LeafTally): LeafSummary {
  const { path, field, op, value } = tally.leaf
  const ranked = [...tally.values.values()].sort((a, b) => b.count - a.count)
  const seen = ranked.slice(0, SUMMARY_VALUES).map(({ seen, count }) => ({ ...seen, count }))
  const listed = seen.reduce((sum, entry) => sum + entry.count, 0)
  const summary: LeafSummary = {
    path,
    field,
    op,
    failed: tally.failed,
    seen,
    otherFailed: tally.failed - listed,
  }
  if (value !== undefined) summary.value = value
  return summary
}

/** The summary of a list of explanations. */
export function summarizeExplanations(explanations: Iterable<Explanation>): ConditionSummary {
  const builder = new ConditionSummaryBuilder()
  for (const explanation of explanations) builder.add(explanation)
  return builder.result()
}
