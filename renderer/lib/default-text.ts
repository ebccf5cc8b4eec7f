/**
 * A new trigger's notification text follows the trigger while the user has not written their own:
 * the engine's default wording (shared/notify-text.ts) names the source and the fields the
 * condition reads, so it is worked out again as the condition, sources, types or mode change, for
 * every notify action that still holds the text the previous draft would have had.
 */

import { defaultNotifyText } from '../../shared/notify-text'
import type { TriggerDraft as Draft } from '../../shared/trigger-config'

export interface SourceName {
  id: string
  name: string
}

/** The default title and body for a draft, its sources named as the user named them. */
export function notifyTextFor(
  draft: Pick<Draft, 'condition' | 'events' | 'sources' | 'mode'>,
  sources: readonly SourceName[],
) {
  const named = draft.sources.map(
    (id) => sources.find((source) => source.id === id) ?? { id, name: id },
  )
  return defaultNotifyText({
    condition: draft.condition,
    events: draft.events,
    sources: named,
    mode: draft.mode,
  })
}

/** `next` with the notify actions that held `previous`'s default text given `next`'s. */
export function followDefaultText(
  previous: Draft,
  next: Draft,
  sources: readonly SourceName[],
): Draft {
  const before = notifyTextFor(previous, sources)
  const after = notifyTextFor(next, sources)
  if (before.title === after.title && before.body === after.body) return next
  let changed = false
  const actions = next.actions.map((action) => {
    if (action.type !== 'notify' || action.title !== before.title || action.body !== before.body)
      return action
    changed = true
    return { ...action, title: after.title, body: after.body }
  })
  return changed ? { ...next, actions } : next
}
