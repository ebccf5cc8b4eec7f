/**
 * What would keep a draft from being saved, checked in the renderer before the engine is asked:
 * the shared schema and the sources it names, an id a new trigger would take from another, and
 * empty values in lists (the schema takes them; the engine would then match empty values).
 */

import { computed, type Ref } from 'vue'
import type { Issue } from '../../../shared/result'
import type { TriggerConfig } from '../../../shared/trigger-config'
import { issuePath, leavesOf } from '../../lib/condition-tree'
import { valueProblem, valueRule } from '../../lib/operator-choice'
import type { Draft } from '../../lib/trigger-draft'
import { validateForSave } from '../../lib/trigger-validation'

export type DraftCheck = { ok: true; value: TriggerConfig } | { ok: false; issues: Issue[] }

export interface DraftCheckContext {
  sourceIds: Readonly<Ref<ReadonlySet<string>>>
  takenIds: Readonly<Ref<ReadonlySet<string>>>
  /** True while the draft is a new trigger not saved yet (its id must be free). */
  unsaved: () => boolean
}

export function useDraftCheck(draft: Readonly<Ref<Draft>>, context: DraftCheckContext) {
  return computed<DraftCheck>(() => {
    const checked = validateForSave(draft.value, context.sourceIds.value)
    const issues: Issue[] = checked.ok ? [] : [...checked.issues]
    // Saving replaces a trigger with the same id: a new one must not take an existing id.
    if (context.unsaved() && context.takenIds.value.has(draft.value.id))
      issues.push({ path: 'id', message: `a trigger with the id "${draft.value.id}" exists` })
    for (const [path, leaf] of leavesOf(draft.value.condition)) {
      const problem = valueRule(leaf.op) === 'list' ? valueProblem(leaf) : null
      if (problem) issues.push({ path: `${issuePath(path)}.value`, message: problem })
    }
    if (issues.length > 0) return { ok: false, issues }
    return checked.ok ? { ok: true, value: checked.value } : { ok: false, issues }
  })
}
