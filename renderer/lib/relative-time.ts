/** "5 minutes ago": for times whose distance matters more than the clock (last seen, drift). */

const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })

const STEPS: [ms: number, unit: Intl.RelativeTimeFormatUnit][] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1_000, 'second'],
]

export function formatAgo(then: number, now: number): string {
  const elapsed = now - then
  if (elapsed < 10_000) return 'just now'
  for (const [size, unit] of STEPS) {
    if (elapsed >= size) return format.format(-Math.floor(elapsed / size), unit)
  }
  return 'just now'
}
