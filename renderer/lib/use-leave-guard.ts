import { computed, onBeforeUnmount, shallowRef, type ComputedRef } from 'vue'
import { onBeforeRouteLeave, onBeforeRouteUpdate } from 'vue-router'

export interface LeaveGuard {
  /** The question is open: show the app's dialog (B13), never `confirm()`. */
  asking: ComputedRef<boolean>
  /** The dialog's answer: leave (drop the changes) or stay. */
  answer(leave: boolean): void
}

/**
 * Asks before a navigation drops unsaved work (B13): while `isDirty()` holds, a route change waits
 * for the answer given to the page's dialog. Used by the trigger and source editors; a page clears
 * its dirtiness before it moves on after a save, so only unsaved work asks.
 */
export function useLeaveGuard(isDirty: () => boolean): LeaveGuard {
  const pending = shallowRef<((leave: boolean) => void) | null>(null)

  function confirmLeave(): boolean | Promise<boolean> {
    if (!isDirty()) return true
    // A second navigation while the question is open replaces the first.
    pending.value?.(false)
    return new Promise((resolve) => (pending.value = resolve))
  }

  function answer(leave: boolean): void {
    const resolve = pending.value
    pending.value = null
    resolve?.(leave)
  }

  onBeforeUnmount(() => answer(false))
  onBeforeRouteLeave(confirmLeave)
  // Within one page (a trigger to another), only the route's params change.
  onBeforeRouteUpdate((to, from) => to.path === from.path || confirmLeave())
  return { asking: computed(() => pending.value !== null), answer }
}
