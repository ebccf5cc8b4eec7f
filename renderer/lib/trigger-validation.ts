/**
 * The shared trigger schema, run in the renderer to say what is wrong with a draft before the
 * engine is asked (the engine checks again on save; its answer wins). Problems come as issues
 * with the contract's paths (`condition.all.1.value`), so each shows beside the input it names.
 */

import type { Issue } from '../../shared/result'
import { validateWith, type Validation } from '../../shared/schema-kit'
import {
  checkTriggerReferences,
  triggerConfigSchema,
  triggerDraftSchema,
  type TriggerConfig,
  type TriggerDraft,
} from '../../shared/trigger-config'

/** Everything a save would refuse: the schema, then the sources the trigger names. */
export function validateForSave(
  draft: unknown,
  sourceIds: ReadonlySet<string>,
): Validation<TriggerConfig> {
  const checked = validateWith(triggerConfigSchema, draft)
  if (!checked.ok) return checked
  const issues: Issue[] = []
  checkTriggerReferences(
    [checked.value],
    sourceIds,
    { addIssue: (issue) => issues.push({ path: issue.path.join('.'), message: issue.message }) },
    [],
  )
  return issues.length > 0 ? { ok: false, issues } : checked
}

/** A draft edited as JSON: anything the schema accepts, with its defaults filled in. */
export function validateDraft(input: unknown): Validation<TriggerDraft> {
  return validateWith(triggerDraftSchema, input)
}

const parentOf = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf('.')))

/**
 * The issues at `path` exactly, or (with `deep`) at it and anywhere below it. An unknown key is
 * shown at the object that has it (the key itself has no input to stand beside).
 */
export function issuesAt(issues: readonly Issue[], path: string, deep = false): Issue[] {
  return issues.filter((issue) => {
    const paths = issue.message.startsWith('unknown key')
      ? issue.path.split(', ').map(parentOf)
      : [issue.path]
    return paths.some(
      (one) =>
        one === path ||
        (one === '(root)' && path === '') ||
        (deep && (path === '' || one.startsWith(`${path}.`))),
    )
  })
}

/**
 * A call with two arguments (the backtest's draft and limit) reports paths from the argument
 * list (`0.condition.all.1`); the draft's own path is what the builder shows.
 */
export function draftIssues(issues: readonly Issue[]): Issue[] {
  return issues.map((issue) => ({ ...issue, path: issue.path.replace(/^0(\.|$)/, '') || '(root)' }))
}
