import { shallowRef } from 'vue'
import type { Issue } from '../../shared/result'
import { saveRefusal } from '../api-error'

/**
 * A form's save: what is being saved while the call runs (`idle` otherwise), and the engine's
 * refusal kept by field (issues) or, with none, as one message, until the next attempt.
 */
export function useSaveAttempt<S>(idle: S) {
  const saving = shallowRef<S>(idle)
  const saveIssues = shallowRef<readonly Issue[]>([])
  const saveError = shallowRef<string | null>(null)

  /** Runs `call` as the save of `what`; answers whether it saved. */
  async function attempt(what: S, call: () => Promise<void>): Promise<boolean> {
    saving.value = what
    saveIssues.value = []
    saveError.value = null
    try {
      await call()
      return true
    } catch (error) {
      const { issues, message } = saveRefusal(error)
      saveIssues.value = issues
      saveError.value = message
      return false
    } finally {
      saving.value = idle
    }
  }

  return { saving, saveIssues, saveError, attempt }
}
