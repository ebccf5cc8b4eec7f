/**
 * Undo and redo over an immutable draft: every edit stores the whole previous draft (drafts are
 * small, and sharing unchanged subtrees keeps it cheap). Typing in one field within a moment makes
 * one step, not one per keystroke: edits that name the same `group` close together coalesce.
 */

import { computed, shallowRef, type ComputedRef, type ShallowRef } from 'vue'

export interface DraftHistory<T> {
  readonly current: ShallowRef<T>
  readonly canUndo: ComputedRef<boolean>
  readonly canRedo: ComputedRef<boolean>
  /** Records `next` as the new draft. Edits with the same `group` within `coalesceMs` merge. */
  commit(next: T, group?: string): void
  undo(): void
  redo(): void
  /** Starts over from `value` with no history (a loaded or saved trigger). */
  reset(value: T): void
}

export interface HistoryOptions {
  /** Steps kept; the oldest are forgotten. */
  limit?: number
  coalesceMs?: number
  now?: () => number
}

export function createDraftHistory<T>(initial: T, options: HistoryOptions = {}): DraftHistory<T> {
  const limit = options.limit ?? 100
  const coalesceMs = options.coalesceMs ?? 1_000
  const now = options.now ?? Date.now
  const current = shallowRef(initial)
  const past = shallowRef<readonly T[]>([])
  const future = shallowRef<readonly T[]>([])
  let lastGroup: string | undefined
  let lastAt = -Infinity

  function commit(next: T, group?: string): void {
    if (next === current.value) return
    const at = now()
    const merge = group !== undefined && group === lastGroup && at - lastAt <= coalesceMs
    if (!merge) past.value = [...past.value, current.value].slice(-limit)
    future.value = []
    current.value = next
    lastGroup = group
    lastAt = at
  }

  function undo(): void {
    const previous = past.value.at(-1)
    if (past.value.length === 0) return
    future.value = [current.value, ...future.value]
    past.value = past.value.slice(0, -1)
    current.value = previous as T
    lastGroup = undefined
  }

  function redo(): void {
    const [next, ...rest] = future.value
    if (future.value.length === 0) return
    past.value = [...past.value, current.value]
    future.value = rest
    current.value = next as T
    lastGroup = undefined
  }

  function reset(value: T): void {
    past.value = []
    future.value = []
    current.value = value
    lastGroup = undefined
  }

  return {
    current,
    canUndo: computed(() => past.value.length > 0),
    canRedo: computed(() => future.value.length > 0),
    commit,
    undo,
    redo,
    reset,
  }
}
