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

/**
 * Capped doubling, the one formula every retry in Vigil grows by: `initialMs` before attempt 0,
 * twice that before attempt 1, and so on up to `maxMs`. Sources draw a random wait below it
 * (`backoffDelay`); webhooks and the page's bridge, with one client each, wait exactly this long.
 */
export function backoffCeiling(
  policy: Pick<BackoffPolicy, 'initialMs' | 'maxMs'>,
  attempt: number,
): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(Math.max(attempt, 0), 30))
}

export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  return Math.max(policy.floorMs, Math.round(random() * backoffCeiling(policy, attempt)))
}

/**
 * The wait after a refusal that retrying soon cannot fix (HTTP 401/403/404 on the upgrade, a
 * rejected login) and between the slow retries of a failed source: between half the cap and the
 * cap. Full jitter alone could draw a near-zero wait, and a server that refuses us (SimpliSafe's
 * 403s, Census's rejected service ids) must never see a burst of attempts.
 */
export function slowDelay(policy: BackoffPolicy, random: () => number = Math.random): number {
  return Math.round(policy.maxMs / 2 + (random() * policy.maxMs) / 2)
}

/** The first attempt number whose backoff ceiling reaches the cap. */
export function attemptAtCap(policy: BackoffPolicy): number {
  return Math.max(0, Math.ceil(Math.log2(policy.maxMs / policy.initialMs)))
}
