/** Config edits for triggers, as pure functions over the config document. */

import type { Config } from '../../../shared/config'
import type { Issue } from '../../../shared/result'
import { checkTriggerReferences, type TriggerConfig } from '../../../shared/trigger-config'

export function withTrigger(config: Config, trigger: TriggerConfig): Config {
  const exists = config.triggers.some((t) => t.id === trigger.id)
  const triggers = exists
    ? config.triggers.map((t) => (t.id === trigger.id ? trigger : t))
    : [...config.triggers, trigger]
  return { ...config, triggers }
}

/** The config with one trigger changed by `edit`; the others are kept as they are. */
export function withTriggerEdit(
  config: Config,
  id: string,
  edit: (trigger: TriggerConfig) => TriggerConfig,
): Config {
  return { ...config, triggers: config.triggers.map((t) => (t.id === id ? edit(t) : t)) }
}

export function withSnooze(config: Config, id: string, until: number | null): Config {
  const snoozeUntil = until === null ? null : new Date(until).toISOString()
  return withTriggerEdit(config, id, (t) => ({ ...t, noise: { ...t.noise, snoozeUntil } }))
}

export function withEnabled(config: Config, id: string, enabled: boolean): Config {
  return withTriggerEdit(config, id, (t) => ({ ...t, enabled }))
}

/** Problems with what a trigger refers to, at paths within the trigger (`sources.0`). */
export function referenceIssues(config: Config, trigger: TriggerConfig): Issue[] {
  const issues: Issue[] = []
  checkTriggerReferences(
    [trigger],
    new Set(config.sources.map((s) => s.id)),
    {
      addIssue: (issue) => issues.push({ path: issue.path.join('.'), message: issue.message }),
    },
    [],
  )
  return issues
}

/** Ids of the triggers that listen to or send on a source. */
export function triggersUsingSource(config: Config, sourceId: string): string[] {
  return config.triggers
    .filter(
      (t) =>
        t.sources.includes(sourceId) ||
        t.actions.some((action) => action.type === 'send' && action.source === sourceId),
    )
    .map((t) => t.id)
}
