/**
 * Runs an async job every `ms` on the engine's clock, never two at once: the next run is
 * scheduled when the last one has finished, so a slow server stretches the interval instead of
 * piling up requests. A failing run is reported and the next one still comes.
 */

import type { Clock, TimerHandle } from '../util/clock'

export function repeat(
  clock: Clock,
  ms: number,
  job: () => Promise<void>,
  onError: (error: unknown) => void,
): () => void {
  let stopped = false
  let timer: TimerHandle | undefined
  const run = async () => {
    try {
      await job()
    } catch (error) {
      if (!stopped) onError(error)
    }
    if (!stopped) timer = clock.setTimeout(() => void run(), ms)
  }
  timer = clock.setTimeout(() => void run(), ms)
  return () => {
    stopped = true
    clock.clearTimeout(timer)
  }
}
