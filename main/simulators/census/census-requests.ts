/**
 * What the Census service answers to each client message. Pure: it takes the connection's
 * subscription and a way to list recent characters, and returns the one frame to send back, so
 * malformed input can be tested without a socket and can never take the server down.
 */

import { HELP_RESPONSE, errorFrame, serviceMessage } from './census-frames'
import { parseSubscriptionFields, type CensusSubscription } from './census-subscription'

export interface RequestContext {
  subscription: CensusSubscription
  /** Characters seen lately on this environment, for recentCharacterIds. */
  recentCharacterIds: () => string[]
}

export function answerRequest(message: string, context: RequestContext): unknown {
  let parsed: unknown
  try {
    parsed = JSON.parse(message)
  } catch {
    return errorFrame('Could not parse message: expected JSON')
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return errorFrame('Expected a JSON object')
  }
  const request = parsed as Record<string, unknown>
  if (request.service !== 'event') return errorFrame('Unknown service; use "service":"event"')
  const { subscription } = context
  switch (request.action) {
    case 'subscribe':
    case 'clearSubscribe': {
      const fields = parseSubscriptionFields(request)
      if (!fields.ok) return errorFrame(fields.error)
      if (request.action === 'subscribe') subscription.subscribe(fields.value)
      else subscription.clear(fields.value)
      return subscription.echo(fields.value.listCharacters)
    }
    case 'echo':
      return serviceMessage(request.payload)
    case 'help':
      return HELP_RESPONSE
    case 'recentCharacterIds': {
      const ids = context.recentCharacterIds()
      return serviceMessage({
        recent_character_id_count: ids.length.toString(),
        recent_character_id_list: ids,
      })
    }
    case 'recentCharacterIdsCount':
      return serviceMessage({
        recent_character_id_count: context.recentCharacterIds().length.toString(),
      })
    default:
      return errorFrame(`Unknown action: ${JSON.stringify(request.action) ?? 'none'}`)
  }
}
