/**
 * "Use this field as the event type": a source's `eventTypePath` is read in each event's payload,
 * while the Live events tree names fields from the event itself (`payload.event_name`). Writing the
 * tree's path as the type path is exactly the mistake that types every event `unknown` (issue 17),
 * so the tree's path is made relative to the payload first.
 */

import { formatFieldPath, parseFieldPath, WILDCARD } from '../../shared/field-path'

/** The path of a payload field relative to the payload; null for anything else. */
export function payloadRelativePath(eventPath: string): string | null {
  const parsed = parseFieldPath(eventPath)
  if (!parsed.ok || parsed.path.hasWildcard) return null
  const [first, ...rest] = parsed.path.segments
  if (first !== 'payload' || rest.length === 0 || rest.includes(WILDCARD)) return null
  return formatFieldPath(rest)
}

/** Whether a value can name an event type: a short string or a number. */
export function canBeType(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value)
  return typeof value === 'string' && value.trim() !== '' && value.length <= 200
}
