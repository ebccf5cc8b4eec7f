/**
 * How far V8 lets the main thread's heap grow between full collections, set by each entry point
 * (the Electron main process, the headless host, and the bench and soak, which measure the app as
 * shipped) before the engine starts.
 *
 * After a full collection V8 lets the old generation grow to up to four times what survived before
 * it collects again, when the program allocates fast. A flooded source allocates fast: under
 * `npm run soak` the heap grew to about 300 MB around 70 MB of live data, and the process's RSS
 * to 620 MB, past the 512 MB the app promises. At 1.5 times, the same flood stays at about 440 MB
 * for the same CPU per event (docs/performance.md, "Soak").
 */

import { setFlagsFromString } from 'node:v8'

/** The old generation may grow by this much over what survived the last full collection. */
export const HEAP_GROWING_PERCENT = 50

/**
 * Applies the limit to this process's V8. V8 reads the flag each time it sets the next limit, so
 * it applies from the next full collection on, wherever it is called.
 */
export function tuneHeap(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
}
