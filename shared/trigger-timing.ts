/**
 * The keys of config v1 that make a trigger depend on time rather than on one event: an absence
 * trigger (`"mode": "absence"` with `"absence": {"seconds"}`) fires when nothing matching it has
 * arrived for that long while its sources are open; a single shot may wait with a deadline
 * (`"deadline"` or `"expireAfterSeconds"`) and fire `"onExpire"` when it passes unmet. Which keys
 * go with which mode is checked here (`checkTriggerTiming`), at the path of the key that is wrong,
 * so the builder can show the message beside its input. docs/config.md describes them.
 */

import { z } from 'zod'

const SECONDS_PER_WEEK = 7 * 24 * 3600
const SECONDS_PER_YEAR = 365 * 24 * 3600

/** `"absence": {"seconds": N}`: how long a silence may last before an absence trigger fires. */
export const absenceSchema = z.strictObject({
  seconds: z
    .number()
    .int('write whole seconds')
    .min(1, 'at least 1 second')
    .max(SECONDS_PER_WEEK, 'at most a week (604800 seconds)'),
})
export type AbsenceConfig = z.infer<typeof absenceSchema>

/** `"deadline"`: when a single shot expires, as an ISO 8601 time with its offset. */
export const deadlineSchema = z.iso.datetime({
  offset: true,
  message: 'write the deadline as an ISO 8601 time, e.g. 2030-01-01T22:00:00+01:00',
})

/** `"expireAfterSeconds"`: a single shot expires this long after it was armed. */
export const expireAfterSchema = z
  .number()
  .int('write whole seconds')
  .min(1, 'at least 1 second')
  .max(SECONDS_PER_YEAR, 'at most a year (31536000 seconds)')

/** The fields of a trigger the checks below read. */
export interface TimedTrigger {
  mode: string
  absence?: unknown
  deadline?: unknown
  expireAfterSeconds?: unknown
  onExpire?: unknown
  actions: readonly unknown[]
  noise?: unknown
}

interface IssueSink {
  addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string }): void
}

/** A placeholder reading the `absence` root, which only an absence firing fills in. */
const ABSENCE_PLACEHOLDER = /\{\{\s*absence\b/

/**
 * Which keys go with which mode: `absence` with mode `absence` (and it needs them), a deadline
 * only on a single shot (one kind of deadline, and an `onExpire` notification with it), and
 * `{{absence.…}}` placeholders only where an absence firing renders them.
 */
export function checkTriggerTiming(trigger: TimedTrigger, ctx: IssueSink): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message })
  const absence = trigger.mode === 'absence'
  if (absence && trigger.absence === undefined)
    issue(['absence'], 'mode "absence" needs "absence": {"seconds": N}')
  if (!absence && trigger.absence !== undefined)
    issue(['absence'], '"absence" applies only to mode "absence"')

  const hasDeadline = trigger.deadline !== undefined
  const hasExpiry = trigger.expireAfterSeconds !== undefined
  if (trigger.mode !== 'single-shot') {
    if (hasDeadline) issue(['deadline'], 'only a single-shot trigger can have a deadline')
    if (hasExpiry) issue(['expireAfterSeconds'], 'only a single-shot trigger can expire')
  }
  if (hasDeadline && hasExpiry)
    issue(['expireAfterSeconds'], 'give either "deadline" or "expireAfterSeconds", not both')
  if ((hasDeadline || hasExpiry) && trigger.onExpire === undefined)
    issue(['onExpire'], 'a deadline needs an "onExpire" notification')
  if (!hasDeadline && !hasExpiry && trigger.onExpire !== undefined)
    issue(['onExpire'], '"onExpire" needs a "deadline" or "expireAfterSeconds"')

  if (!absence) {
    const where = { actions: trigger.actions, onExpire: trigger.onExpire, noise: trigger.noise }
    for (const path of stringsMatching(where, ABSENCE_PLACEHOLDER))
      issue(path, '{{absence.…}} is filled in only by a trigger of mode "absence"')
  }
}

/** Paths of the strings under `value` that `pattern` finds something in. */
function stringsMatching(value: unknown, pattern: RegExp): (string | number)[][] {
  const found: (string | number)[][] = []
  const walk = (node: unknown, path: (string | number)[]) => {
    if (typeof node === 'string') {
      if (pattern.test(node)) found.push(path)
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, [...path, index]))
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) walk(item, [...path, key])
    }
  }
  walk(value, [])
  return found
}
