/**
 * Triggers that a config file holds enabled with a pattern the linear-time engine refuses
 * (lookaround, backreferences): written before patterns ran on RE2, when V8 ran them. Refusing the
 * whole file would set every source and trigger aside for one pattern, so on load such a trigger
 * is disabled instead (the schema lets a disabled trigger keep the pattern) and the log says which
 * and why; enabling it again asks for a pattern the engine can run. Imports and saves stay strict.
 *
 * Works on the parsed file before validation, so it reads defensively: anything unexpected is left
 * for the schema to report.
 */

import { patternProblem } from '../../../shared/conditions/safe-pattern'

export interface DisabledTrigger {
  id: string
  /** Why, in the pattern check's words. */
  reason: string
}

/** Disables, in `document` itself, each enabled trigger holding a pattern RE2 cannot run. */
export function disableUnrunnableTriggers(document: unknown): DisabledTrigger[] {
  const triggers = isRecord(document) ? document.triggers : undefined
  if (!Array.isArray(triggers)) return []
  const disabled: DisabledTrigger[] = []
  for (const trigger of triggers) {
    if (!isRecord(trigger) || trigger.enabled === false) continue
    const reason = unrunnable(trigger.condition, 0)
    if (reason === null) continue
    trigger.enabled = false
    disabled.push({ id: typeof trigger.id === 'string' ? trigger.id : '(no id)', reason })
  }
  return disabled
}

/** Deeper than the schema allows: the schema reports that; no need to walk further. */
const MAX_DEPTH = 64

function unrunnable(node: unknown, depth: number): string | null {
  if (!isRecord(node) || depth > MAX_DEPTH) return null
  for (const key of ['all', 'any'] as const) {
    const children = node[key]
    if (Array.isArray(children)) {
      for (const child of children) {
        const reason = unrunnable(child, depth + 1)
        if (reason !== null) return reason
      }
    }
  }
  if ('not' in node) return unrunnable(node.not, depth + 1)
  if (node.op !== 'matches' || typeof node.value !== 'string') return null
  const flags = typeof node.flags === 'string' ? node.flags : ''
  const problem = patternProblem(node.value, flags)
  return problem?.engine ? problem.message : null
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
