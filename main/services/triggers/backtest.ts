/**
 * Backtest: a draft trigger run over recent events as if it had been live, with its own compiled
 * condition and noise state (so nothing touches the running triggers). Events are replayed oldest
 * first at their own receive times, so cooldowns, rate windows, quiet hours and `changed` behave
 * as they would have.
 */

import type { SuppressionReason, VigilEvent } from '../../../shared/domain'
import { eventSelector, selects } from '../../../shared/event-selector'
import type { TriggerDraft } from '../../../shared/trigger-config'
import type { BacktestMatch, BacktestMiss, BacktestReport } from '../../../shared/trigger-views'
import { compileTrigger } from './compiled-trigger'
import { NoiseState, RATE_WINDOW_MS } from './noise-control'

export const MAX_BACKTEST_MATCHES = 100
export const MAX_BACKTEST_MISSES = 20

/** Whether an event is one the trigger looks at (its sources and event types). */
export function candidateFilter(draft: TriggerDraft): (event: VigilEvent) => boolean {
  const sources = draft.sources.length > 0 ? new Set(draft.sources) : null
  const selectors = draft.events.map(eventSelector)
  return (event) =>
    (sources === null || sources.has(event.sourceId)) &&
    (selectors.length === 0 ||
      selectors.some((selector) => selects(selector, event.type, event.payload)))
}

/**
 * Runs `draft` over the newest `limit` of `events` that are of its sources and types (`events` in
 * any order). Noise control runs on
 * the events' receive times, so a snooze on the draft applies to the events before it.
 */
export function runBacktest(
  draft: TriggerDraft,
  events: readonly VigilEvent[],
  limit = Number.POSITIVE_INFINITY,
): BacktestReport {
  const compiled = compileTrigger(draft)
  const noise = new NoiseState(compiled.noise, { id: draft.id, name: draft.name })
  const all = events.filter(candidateFilter(draft)).sort((a, b) => a.id - b.id)
  // The newest `limit` of them, replayed oldest first.
  const candidates = all.length > limit ? all.slice(all.length - limit) : all
  const notifyActions = compiled.actions.filter((action) => action.type === 'notify')
  const firstNotify = notifyActions[0]
  const trigger = { id: draft.id, name: draft.name }
  const suppressed: Partial<Record<SuppressionReason, number>> = {}
  const matches: BacktestMatch[] = []
  const misses: BacktestMiss[] = []
  let matched = 0
  let fired = 0
  let digests = 0
  const { condition } = compiled

  for (const event of candidates) {
    const verdict = condition.test(event)
    if (!verdict) {
      const explanation = condition.explain(event)
      misses.push({
        eventId: event.id,
        sourceId: event.sourceId,
        type: event.type,
        receivedAt: event.receivedAt,
        leaves: explanation.leaves,
        failing: explanation.failing ?? null,
      })
      if (misses.length > MAX_BACKTEST_MISSES) misses.shift()
    }
    condition.commit(event)
    if (!verdict) continue
    matched++
    const reason = noise.decide(event, event.receivedAt)
    digests += noise.takeDigests().length
    const match: BacktestMatch = {
      eventId: event.id,
      sourceId: event.sourceId,
      type: event.type,
      receivedAt: event.receivedAt,
      outcome: reason === null ? 'fired' : 'suppressed',
    }
    if (reason === null) fired++
    else {
      match.reason = reason
      suppressed[reason] = (suppressed[reason] ?? 0) + 1
    }
    if (firstNotify?.type === 'notify') match.title = firstNotify.title.render({ event, trigger })
    matches.push(match)
    if (matches.length > MAX_BACKTEST_MATCHES) matches.shift()
  }
  // The last rate window closes after the last event: its held-back matches make one more digest.
  const last = candidates.at(-1)
  if (last) {
    noise.roll(last.receivedAt + RATE_WINDOW_MS)
    digests += noise.takeDigests().length
  }
  if (notifyActions.length === 0) digests = 0
  return {
    scanned: candidates.length,
    from: candidates[0]?.receivedAt ?? null,
    to: last?.receivedAt ?? null,
    matched,
    fired,
    suppressed,
    notifications: fired * notifyActions.length + digests,
    digests,
    matches: matches.reverse(),
    misses: misses.reverse(),
  }
}
