/**
 * Time as the engine sees it. Injected so tests can drive backoff, watchdogs and batching with
 * fake timers, and so nothing in the engine reads the wall clock behind the caller's back.
 */

export type TimerHandle = ReturnType<typeof setTimeout>

export interface Clock {
  now(): number
  setTimeout(callback: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle | undefined): void
}

// Resolved on every call rather than bound once, so Vitest's fake timers (installed after this
// module loads) still take effect.
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms)
    // Engine timers never keep a process alive on their own: disposing the engine is what ends it.
    handle.unref?.()
    return handle
  },
  clearTimeout: (handle) => {
    if (handle !== undefined) clearTimeout(handle)
  },
}
