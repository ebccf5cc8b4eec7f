import { shallowRef, type ShallowRef } from 'vue'
import * as api from '../api'

export interface PushedSnapshot<T> {
  value: ShallowRef<T>
  /** Subscribes to the pushes, then fetches a snapshot (again after every reconnect). */
  start(): Promise<void>
}

/**
 * A value the engine pushes on every change and the page fetches at start: subscribed first, so
 * no push is lost, and a snapshot asked for before a push does not undo it. For stores that only
 * mirror one such value (history status, the cluster).
 */
export function pushedSnapshot<T>(
  initial: T,
  fetch: () => Promise<T>,
  subscribe: (listener: (value: T) => void) => () => void,
): PushedSnapshot<T> {
  const value = shallowRef<T>(initial)
  let started = false
  /** Bumped by every push, so a snapshot that was asked for before it does not undo it. */
  let pushes = 0

  async function refresh(): Promise<void> {
    const before = pushes
    try {
      const snapshot = await fetch()
      if (pushes === before) value.value = snapshot
    } catch (error) {
      // Shown as a courtesy; a failed snapshot waits for the next push.
      console.error(error)
    }
  }

  function start(): Promise<void> {
    if (started) return Promise.resolve()
    started = true
    subscribe((next) => {
      pushes++
      value.value = next
    })
    api.onReconnect(() => void refresh())
    return refresh()
  }

  return { value, start }
}
