/**
 * The trigger thread's loop over the event ring (event-ring.ts), bench only. Runs in a worker by
 * Node's type stripping (event-ring.test.ts): erasable TypeScript only, no imports but the ring.
 */

import type { RingReader, RingVisit } from './event-ring.ts'

/**
 * Reads the ring until the writer closes it: `visit` for each event, `afterRead` with how many
 * after every `batch` events at most (a reader that fell behind still evaluates in small batches,
 * and frees the ring's space as it goes). Never spins: with nothing new it waits on the sequence word, and
 * after a read it yields to the event loop (timers, messages) before reading again. A pending
 * `Atomics.waitAsync` does not keep a thread alive, so a timer does while this runs.
 */
export async function drainRing(
  reader: RingReader,
  visit: RingVisit,
  afterRead: (events: number) => void,
  batch = 1024,
): Promise<void> {
  const alive = setInterval(() => {}, 1 << 30)
  try {
    for (;;) {
      const sequence = reader.sequence()
      const events = reader.read(visit, batch)
      if (events > 0) afterRead(events)
      if (reader.finished()) return
      if (events === 0) await reader.waitForNews(sequence)
      else await new Promise((resolve) => setImmediate(resolve))
    }
  } finally {
    clearInterval(alive)
  }
}
