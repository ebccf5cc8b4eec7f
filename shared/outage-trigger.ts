/**
 * "Source down / back up": the trigger that keeps outages from being silent. Every new
 * configuration (first run, the demo) starts with it; an existing one is never changed behind the
 * user's back, so the UI offers it once where `hasOutageTrigger` says there is none, and adds it
 * with `trigger:save` like any trigger. It is an ordinary trigger on Vigil's own `vigil` source:
 * editable, and removable.
 */

import type { VigilAlertType } from './domain'
import { VIGIL_SOURCE_ID } from './source-ids'
import type { TriggerConfig } from './trigger-config'

export const OUTAGE_TRIGGER_ID = 'vigil-outage'

const FAILED: VigilAlertType = 'source-failed'
const RECOVERED: VigilAlertType = 'source-recovered'

/**
 * A critical notification when a source has been down longer than its watchdog allows, and a
 * normal one when it is back. Critical, so quiet hours do not hold a failure back. The payload is
 * Vigil's own (docs/config.md, "Vigil's own events"): `sourceId`, `name`, `lastError`...
 */
export function outageTrigger(): TriggerConfig {
  return {
    id: OUTAGE_TRIGGER_ID,
    name: 'Source down / back up',
    enabled: true,
    sources: [VIGIL_SOURCE_ID],
    events: [FAILED, RECOVERED],
    condition: { all: [] },
    actions: [
      {
        type: 'notify',
        title: '{{payload.name}} is down',
        body: 'Source "{{payload.sourceId}}" has not reconnected. Last error: {{payload.lastError.message}}',
        urgency: 'critical',
        events: [FAILED],
      },
      {
        type: 'notify',
        title: '{{payload.name}} is back up',
        body: 'Source "{{payload.sourceId}}" is connected again.',
        urgency: 'normal',
        events: [RECOVERED],
      },
    ],
    noise: { quietHours: [] },
    mode: 'every',
  }
}

/**
 * Whether some trigger already tells of failed sources, enabled or not (a user who turned it off
 * has decided): one that looks at `source-failed` events of the `vigil` source (named, or every
 * source), or at every type of the `vigil` source named.
 */
export function hasOutageTrigger(
  triggers: readonly Pick<TriggerConfig, 'sources' | 'events'>[],
): boolean {
  return triggers.some((trigger) => {
    const named = trigger.sources.includes(VIGIL_SOURCE_ID)
    if (!named && trigger.sources.length > 0) return false
    return trigger.events.includes(FAILED) || (named && trigger.events.length === 0)
  })
}

/** A config with the outage trigger added, unless it has one (by `hasOutageTrigger` or by id). */
export function withOutageTrigger<C extends { triggers: TriggerConfig[] }>(config: C): C {
  if (hasOutageTrigger(config.triggers)) return config
  if (config.triggers.some((trigger) => trigger.id === OUTAGE_TRIGGER_ID)) return config
  return { ...config, triggers: [...config.triggers, outageTrigger()] }
}
