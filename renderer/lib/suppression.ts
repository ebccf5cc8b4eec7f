import type { SuppressionReason } from '../../shared/domain'

/** Why a match did not fire, in a word or two. */
export const SUPPRESSION_LABELS: Readonly<Record<SuppressionReason, string>> = {
  cooldown: 'cooldown',
  dedupe: 'repeat',
  'rate-limit': 'rate limit',
  'quiet-hours': 'quiet hours',
  snoozed: 'snoozed',
  'single-shot-spent': 'single shot spent',
}

/** `{cooldown: 3, snoozed: 1}` as "cooldown 3, snoozed 1", leaving out zeros. */
export function describeSuppressed(
  counts: Partial<Record<SuppressionReason, number>>,
  format: (n: number) => string = String,
): string {
  return Object.entries(counts)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([reason, n]) => `${SUPPRESSION_LABELS[reason as SuppressionReason]} ${format(n ?? 0)}`)
    .join(', ')
}
