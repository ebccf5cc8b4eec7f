/**
 * Backtest: a draft trigger run over recent events as if it had been live, with its own compiled
 * condition and noise state (so nothing touches the running triggers). Events are replayed oldest
 * first at their own receive times, so cooldowns, rate windows, quiet hours and `changed` behave
 * as they would have. Besides what would have fired, it answers why the rest did not (a summary
 * per condition leaf), how many notifications an hour the recent rate means (flood-prediction.ts),
 * and, for the modes that depend on time, the silences an absence trigger would have reported
 * (backtest-absence.ts) and whether a single shot's deadline would have passed.
 */

import type { SuppressionReason, VigilEvent } from '../../../shared/domain'
import { eventSelector, selects } from '../../../shared/event-selector'
import type { TriggerDraft } from '../../../shared/trigger-config'
import type {
  BacktestMatch,
  BacktestMiss,
  BacktestOptions,
  BacktestReport,
} from '../../../shared/trigger-views'
import { findSilences, fireSilences } from './backtest-absence'
import {
  compileTrigger,
  deadlineOf,
  runsFor,
  standInEvent,
  type CompiledTrigger,
} from './compiled-trigger'
import { ConditionSummaryBuilder } from './condition-summary'
import { predictFlood } from './flood-prediction'
import { NoiseState, RATE_WINDOW_MS, type NoiseSettings } from './noise-control'

export const MAX_BACKTEST_MATCHES = 100
export const MAX_BACKTEST_MISSES = 20

export interface BacktestRun extends BacktestOptions {
  /** The end of the backtest (an absence's last silence runs to it); default: the newest event. */
  now?: number
}

/** Whether an event is one the trigger looks at (its sources and event types). */
export function candidateFilter(draft: TriggerDraft): (event: VigilEvent) => boolean {
  const sources = draft.sources.length > 0 ? new Set(draft.sources) : null
  const selectors = draft.events.map(eventSelector)
  return (event) =>
    (sources === null || sources.has(event.sourceId)) &&
    (selectors.length === 0 ||
      selectors.some((selector) => selects(selector, event.type, event.payload)))
}

/** The notify actions a firing by `event` runs (an absence's: every one). */
function notifiesFor(compiled: CompiledTrigger, event: VigilEvent | undefined): number {
  let count = 0
  for (const action of compiled.actions)
    if (action.type === 'notify' && runsFor(action, event)) count++
  return count
}

/**
 * Runs `draft` over the newest `limit` of `events` that are of its sources and types (`events` in
 * any order). Noise control runs on the events' receive times, so a snooze on the draft applies to
 * the events before it (unless `ignoreSnoozeAndQuietHours`).
 */
export function runBacktest(
  draft: TriggerDraft,
  events: readonly VigilEvent[],
  limit = Number.POSITIVE_INFINITY,
  run: BacktestRun = {},
): BacktestReport {
  const compiled = compileTrigger(draft)
  const settings: NoiseSettings = run.ignoreSnoozeAndQuietHours
    ? { ...compiled.noise, snoozeUntil: null, quietHours: [] }
    : compiled.noise
  const noise = new NoiseState(settings, { id: draft.id, name: draft.name })
  const all = events.filter(candidateFilter(draft)).sort((a, b) => a.id - b.id)
  // The newest `limit` of them, replayed oldest first.
  const candidates = all.length > limit ? all.slice(all.length - limit) : all
  const first = candidates[0]
  const last = candidates.at(-1)
  const end = Math.max(run.now ?? last?.receivedAt ?? 0, last?.receivedAt ?? 0)
  const firstNotify = compiled.actions.find((action) => action.type === 'notify')
  const trigger = { id: draft.id, name: draft.name }
  const absence = draft.mode === 'absence' ? draft.absence : undefined
  // Armed at the start of the window, for a deadline counted from arming.
  const deadline = first ? deadlineOf(compiled, first.receivedAt) : null
  const suppressed: Partial<Record<SuppressionReason, number>> = {}
  const matches: BacktestMatch[] = []
  const matchEvents: VigilEvent[] = []
  const misses: BacktestMiss[] = []
  const summary = new ConditionSummaryBuilder()
  const cooldownKeys = new Set<string>()
  let matched = 0
  let fired = 0
  let firstFiredAt: number | null = null
  let notifications = 0
  let notifies = 0
  let deduped = 0
  let digests = 0
  const { condition } = compiled

  for (const event of candidates) {
    const explanation = condition.explain(event)
    summary.add(explanation)
    const verdict = explanation.verdict
    if (!verdict) {
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
    const match: BacktestMatch = {
      eventId: event.id,
      sourceId: event.sourceId,
      type: event.type,
      receivedAt: event.receivedAt,
      outcome: 'seen',
    }
    if (absence) {
      matchEvents.push(event)
    } else {
      // A deadline that passed before this match spent the shot.
      if (deadline !== null && event.receivedAt >= deadline) noise.spent = true
      const reason = noise.decide(event, event.receivedAt)
      digests += noise.takeDigests().length
      const scope = { event, trigger }
      if (compiled.noise.cooldownKey && cooldownKeys.size < 10_000)
        cooldownKeys.add(compiled.noise.cooldownKey.render(scope))
      const selected = notifiesFor(compiled, event)
      notifies += selected
      match.outcome = reason === null ? 'fired' : 'suppressed'
      if (reason === null) {
        fired++
        firstFiredAt ??= event.receivedAt
        notifications += selected
      } else {
        match.reason = reason
        suppressed[reason] = (suppressed[reason] ?? 0) + 1
        if (reason === 'dedupe') deduped++
      }
      if (firstNotify?.type === 'notify') match.title = firstNotify.title.render(scope)
    }
    matches.push(match)
    if (matches.length > MAX_BACKTEST_MATCHES) matches.shift()
  }

  let absences: BacktestReport['absences']
  let occurrences = matched
  let spanMs = first && last ? last.receivedAt - first.receivedAt : 0
  let notifiesPerFiring = matched === 0 ? notifiesFor(compiled, undefined) : notifies / matched
  if (absence) absences = []
  if (absence && first) {
    const silences = findSilences(matchEvents, first.receivedAt, end, absence.seconds)
    const outcome = fireSilences(compiled, silences, absence.seconds, noise)
    for (const [reason, count] of Object.entries(outcome.suppressed))
      suppressed[reason as SuppressionReason] = count
    fired = outcome.fired
    deduped = outcome.deduped
    for (const key of outcome.cooldownKeys) cooldownKeys.add(key)
    digests += noise.takeDigests().length
    notifiesPerFiring = notifiesFor(compiled, undefined)
    notifications = fired * notifiesPerFiring
    occurrences = silences.length
    spanMs = end - first.receivedAt
    absences = outcome.absences.reverse().slice(0, MAX_BACKTEST_MATCHES)
  }
  // The last rate window closes after the last firing: its held-back matches make one more digest.
  noise.roll(Math.max(end, last?.receivedAt ?? 0) + RATE_WINDOW_MS)
  digests += noise.takeDigests().length
  if (compiled.digestUrgency === null) digests = 0
  let expiry: BacktestReport['expiry']
  if (deadline !== null) {
    const expired = deadline <= end && (firstFiredAt === null || firstFiredAt >= deadline)
    expiry = { deadline, expired }
    if (expired && compiled.onExpire) {
      const scope = {
        event: standInEvent(compiled, deadline),
        trigger: { ...trigger, deadline: new Date(deadline).toISOString() },
      }
      expiry.title = compiled.onExpire.title.render(scope)
      notifications++
    }
  }
  const flood = predictFlood({
    events: candidates.length,
    spanMs,
    matched,
    occurrences,
    deduped,
    cooldownKeys: compiled.noise.cooldownKey ? cooldownKeys.size : 1,
    notifiesPerFiring,
    noise: compiled.noise,
  })
  const report: BacktestReport = {
    scanned: candidates.length,
    from: first?.receivedAt ?? null,
    to: last?.receivedAt ?? null,
    matched,
    fired,
    suppressed,
    notifications: notifications + digests,
    digests,
    matches: matches.reverse(),
    misses: misses.reverse(),
    summary: summary.result(),
    predictedPerHour: flood.perHour,
    prediction: flood.prediction,
  }
  if (absences) report.absences = absences
  if (expiry) report.expiry = expiry
  return report
}
