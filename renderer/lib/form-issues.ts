/**
 * Problems by config path, for forms: a field shows the problems at its path (and inside it), and
 * the rest go to a summary, so nothing the engine or a schema said is lost.
 */

import type { Issue } from '../../shared/result'

/** The id of the control that edits `path` (`reconnect.maxMs` → `field-reconnect-maxMs`). */
export function fieldId(path: string): string {
  return `field-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`
}

/** The messages for a field: problems at its path or inside it (`headers` gets `headers.X-a`). */
export function errorsAt(issues: readonly Issue[], path: string): string[] {
  return issues
    .filter((issue) => issue.path === path || issue.path.startsWith(`${path}.`))
    .map((issue) => issue.message)
}

/** The messages at exactly this path (a list's own problems, not its items'). */
export function errorsExactly(issues: readonly Issue[], path: string): string[] {
  return issues.filter((issue) => issue.path === path).map((issue) => issue.message)
}

/** Problems no field shows, for the summary at the top of the form. */
export function unclaimedIssues(issues: readonly Issue[], fieldPaths: readonly string[]): Issue[] {
  return issues.filter(
    (issue) => !fieldPaths.some((path) => issue.path === path || issue.path.startsWith(`${path}.`)),
  )
}
