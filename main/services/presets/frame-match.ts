/**
 * Turns the config's reply rules (`successWhen`, `failureWhen`, `expectReply`) into predicates
 * over parsed frames, compiled once per connection rather than per frame.
 */

import { mustParseFieldPath, readPath } from '../../../shared/field-path'
import type { FrameMatch } from '../../../shared/source-settings'
import type { AuthReplyClassifier } from './preset'

export type FramePredicate = (frame: unknown) => boolean

export function compileFrameMatch(match: FrameMatch): FramePredicate {
  const path = mustParseFieldPath(match.path)
  if (match.equals === undefined) return (frame) => readPath(frame, path) !== undefined
  const expected = match.equals
  return (frame) => sameValue(readPath(frame, path), expected)
}

/**
 * Strict equality, except that a string and a number or boolean compare by their text: services
 * such as Census send every value as a string, and a user writing `"equals": 1` means `"1"` too.
 */
function sameValue(actual: unknown, expected: string | number | boolean | null): boolean {
  if (actual === expected) return true
  const scalar = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  return scalar(actual) && scalar(expected) && String(actual) === String(expected)
}

/** A login reply classifier from the source's own rules; failure is checked first. */
export function authReplyFromMatches(
  successWhen: FrameMatch | undefined,
  failureWhen: FrameMatch | undefined,
): AuthReplyClassifier {
  const succeeded = successWhen ? compileFrameMatch(successWhen) : () => false
  const failed = failureWhen ? compileFrameMatch(failureWhen) : () => false
  return (frame) => {
    if (failed(frame))
      return {
        outcome: 'rejected',
        message: `the server rejected the login: ${framePreview(frame)}`,
      }
    if (succeeded(frame)) return { outcome: 'accepted' }
    return undefined
  }
}

/** A short, single-line rendering of a frame for error messages. */
export function framePreview(frame: unknown, max = 200): string {
  let text: string
  try {
    text = typeof frame === 'string' ? frame : (JSON.stringify(frame) ?? String(frame))
  } catch {
    text = String(frame)
  }
  return text.length > max ? `${text.slice(0, max)}…` : text
}
