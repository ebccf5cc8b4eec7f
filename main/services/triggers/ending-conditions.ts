/**
 * For property tests of suffix keys (suffix-keys.ts): the shared condition generator
 * (testing/trigger-arbitraries.ts) writes `starts-with` leaves but no `ends-with`, so tests turn
 * the one into the other. Test-only; never imported by production code.
 */

import type { Condition } from '../../../shared/conditions/schema'

/** The condition with every `starts-with` leaf turned into `ends-with`. */
export function withEndings(condition: Condition): Condition {
  if ('all' in condition) return { all: condition.all.map(withEndings) }
  if ('any' in condition) return { any: condition.any.map(withEndings) }
  if ('not' in condition) return { not: withEndings(condition.not) }
  return condition.op === 'starts-with' ? { ...condition, op: 'ends-with' } : condition
}
