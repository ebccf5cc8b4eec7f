/**
 * Which secrets a config document needs: what an export tells the user to re-enter on another
 * machine, and what an import preview reports as missing. Each part of the config says where it
 * keeps references (a source's `auth.secret` and its preset's secret options, a webhook's
 * `{{secret.name}}` templates), so this
 * asks them rather than guessing from key names.
 */

import type { Config } from './config'
import type { TriggerConfig } from './trigger-config'
import { sourceSecretRefs } from './source-config'
import { parseTemplate } from './templates'

export function secretRefsInConfig(config: Config): string[] {
  const refs = new Set<string>()
  for (const source of config.sources) for (const ref of sourceSecretRefs(source)) refs.add(ref)
  for (const trigger of config.triggers) for (const ref of triggerSecretRefs(trigger)) refs.add(ref)
  return [...refs].sort()
}

/** The secrets a trigger's webhooks send (`{{secret.name}}` in their URL or headers). */
export function triggerSecretRefs(trigger: TriggerConfig): string[] {
  const refs = new Set<string>()
  for (const action of trigger.actions) {
    if (action.type !== 'webhook') continue
    for (const text of [action.url, ...Object.values(action.headers)]) {
      const parsed = parseTemplate(text, { secrets: true })
      if (parsed.ok) for (const name of parsed.template.secretNames) refs.add(name)
    }
  }
  return [...refs].sort()
}
