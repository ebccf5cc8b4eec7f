import { shallowRef } from 'vue'
import { errorText } from '../../shared/utils/error-text'

/**
 * Calls on one item of a list (connect a source, switch a trigger off): the item is busy while
 * its call runs, so its buttons wait, and a failure becomes the list's one action error, named
 * after the item, until dismissed or the next call.
 */
export function useItemActions(nameOf: (id: string) => string) {
  /** Items with a call in flight. */
  const busy = shallowRef<ReadonlySet<string>>(new Set())
  const actionError = shallowRef<string | null>(null)

  /** Runs `call` for the item `id`; answers whether it succeeded. */
  async function run(id: string, call: () => Promise<void>): Promise<boolean> {
    busy.value = new Set(busy.value).add(id)
    actionError.value = null
    try {
      await call()
      return true
    } catch (error) {
      actionError.value = `${nameOf(id)}: ${errorText(error)}`
      return false
    } finally {
      const next = new Set(busy.value)
      next.delete(id)
      busy.value = next
    }
  }

  function dismissActionError(): void {
    actionError.value = null
  }

  return { busy, actionError, run, dismissActionError }
}
