import { shallowRef, type ShallowRef } from 'vue'
import { createMirror, pushFeed } from './mirror'

export interface PushedSnapshot<T> {
  value: ShallowRef<T>
  /** Subscribes to the pushes, then fetches a snapshot (again after every reconnect). */
  start(): Promise<void>
}

/**
 * A value the engine pushes whole on every change and the page fetches at start: a mirror whose
 * pushes supersede a snapshot asked for before them. For stores that only mirror one such value
 * (history status, the cluster).
 */
export function pushedSnapshot<T>(
  initial: T,
  fetch: () => Promise<T>,
  subscribe: (listener: (value: T) => void) => () => void,
): PushedSnapshot<T> {
  const value = shallowRef<T>(initial)
  const set = (next: T): void => {
    value.value = next
  }
  const { start } = createMirror<T>({
    fetch,
    applySnapshot: set,
    feeds: () => [pushFeed(subscribe, set)],
    pushesDuringLoad: 'supersedes',
    // Shown as a courtesy; a failed snapshot waits for the next push.
    onError: (error) => console.error(error),
  })
  return { value, start }
}
