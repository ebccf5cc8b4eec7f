/** Words for a time still to come or gone by, for countdowns that tick once a second. */

function parts(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const seconds = totalSeconds % 60
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`
  if (minutes > 0) return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`
  return `${seconds} s`
}

/** `in 42 s`, `in 3 min 5 s`; `now` once the moment has come. Rounds up, so 0.2 s left is `in 1 s`. */
export function formatCountdown(atMs: number, nowMs: number): string {
  const left = Math.ceil((atMs - nowMs) / 1000)
  return left <= 0 ? 'now' : `in ${parts(left)}`
}

/** `for 5 min 2 s`: how long something has lasted. */
export function formatElapsed(sinceMs: number, nowMs: number): string {
  return `for ${parts(Math.max(0, Math.floor((nowMs - sinceMs) / 1000)))}`
}
