/**
 * An absence trigger's backtest: the silences in the scanned window that last longer than its
 * `absence.seconds`, each one firing once at its start plus those seconds, through noise control
 * at that time. The buffered events do not say when sources were down, so a silence during an
 * outage counts here although the live trigger would not have fired (docs/config.md says so).
 */

import type { SuppressionReason, VigilEvent } from '../../../shared/domain'
import type { TemplateScope } from '../../../shared/templates'
import type { BacktestAbsence } from '../../../shared/trigger-views'
import { absenceScope } from './absence-watch'
import { standInEvent, type CompiledTrigger } from './compiled-trigger'
import type { NoiseState } from './noise-control'

export interface Silence {
  from: number
  firesAt: number
  endedAt: number | null
  /** The match that began it; undefined when it began with the window. */
  lastMatch: VigilEvent | undefined
}

/**
 * The silences longer than `seconds` between `start` and `end`, given the matches in that time
 * (oldest first): before the first match, between two, and after the last.
 */
export function findSilences(
  matches: readonly VigilEvent[],
  start: number,
  end: number,
  seconds: number,
): Silence[] {
  const silenceMs = seconds * 1000
  const silences: Silence[] = []
  let from = start
  let lastMatch: VigilEvent | undefined
  for (const match of matches) {
    // The match ends the silence only if it comes after the moment the trigger would fire.
    if (match.receivedAt > from + silenceMs)
      silences.push({ from, firesAt: from + silenceMs, endedAt: match.receivedAt, lastMatch })
    from = match.receivedAt
    lastMatch = match
  }
  if (end >= from + silenceMs)
    silences.push({ from, firesAt: from + silenceMs, endedAt: null, lastMatch })
  return silences
}

export interface AbsenceOutcome {
  absences: BacktestAbsence[]
  fired: number
  suppressed: Partial<Record<SuppressionReason, number>>
  deduped: number
  cooldownKeys: Set<string>
}

/** Runs each silence's firing through noise control, in time order. */
export function fireSilences(
  trigger: CompiledTrigger,
  silences: readonly Silence[],
  seconds: number,
  noise: NoiseState,
): AbsenceOutcome {
  const outcome: AbsenceOutcome = {
    absences: [],
    fired: 0,
    suppressed: {},
    deduped: 0,
    cooldownKeys: new Set(),
  }
  const notify = trigger.actions.find((action) => action.type === 'notify')
  const { id, name } = trigger.config
  for (const silence of silences) {
    const event = silence.lastMatch ?? standInEvent(trigger, silence.firesAt)
    const scope: TemplateScope = {
      event,
      trigger: { id, name },
      absence: absenceScope(seconds, silence.from, silence.lastMatch),
    }
    const reason = noise.decide(event, silence.firesAt)
    const absence: BacktestAbsence = {
      from: silence.from,
      firesAt: silence.firesAt,
      endedAt: silence.endedAt,
      outcome: reason === null ? 'fired' : 'suppressed',
    }
    if (reason === null) outcome.fired++
    else {
      absence.reason = reason
      outcome.suppressed[reason] = (outcome.suppressed[reason] ?? 0) + 1
      if (reason === 'dedupe') outcome.deduped++
    }
    const key = trigger.noise.cooldownKey
    if (key) outcome.cooldownKeys.add(key.render(scope))
    if (notify?.type === 'notify') absence.title = notify.title.render(scope)
    outcome.absences.push(absence)
  }
  return outcome
}
