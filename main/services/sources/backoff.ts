/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * the delay before attempt n is uniform in [0, min(cap, base * 2^n)], which spreads reconnecting
 * clients apart instead of having them retry in lockstep. A floor keeps a dead server from being
 * hit in a tight loop even when the random draw is near zero.
 */

export interface BackoffPolicy {
  initialMs: number
  maxMs: number
  floorMs: number
}

export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30))
  return Math.max(policy.floorMs, Math.round(random() * ceiling))
}
