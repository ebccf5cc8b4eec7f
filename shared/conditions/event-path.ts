/**
 * Field paths as conditions and templates use them: rooted at the event, so `payload.<field>`
 * reads the event's payload (for Census, the inner payload object) and `type`, `sourceId`,
 * `receivedAt` and `id` read the event's own fields. A path with any other root is a mistake
 * worth reporting at save time (`character_id` instead of `payload.character_id`).
 */

import { parseFieldPath, type ParsedPath, type PathParse } from '../field-path'

export const EVENT_ROOTS = ['payload', 'type', 'sourceId', 'receivedAt', 'id'] as const

export function parseEventPath(text: string, roots: readonly string[] = EVENT_ROOTS): PathParse {
  const parsed = parseFieldPath(text)
  if (!parsed.ok) return parsed
  const root = parsed.path.segments[0]
  if (typeof root !== 'string' || !roots.includes(root)) {
    const hint = typeof root === 'string' ? ` (did you mean "payload.${text}"?)` : ''
    return {
      ok: false,
      message: `"${text}" must start with ${roots.join(', ')}${hint}`,
    }
  }
  return parsed
}

export function mustParseEventPath(text: string, roots?: readonly string[]): ParsedPath {
  const parsed = parseEventPath(text, roots)
  if (!parsed.ok) throw new Error(`invalid field path: ${parsed.message}`)
  return parsed.path
}
