/**
 * Which events a trigger's `events` entry selects. A name selects events of that type, except
 * Census's `GainExperience_experience_id_<id>`: the stream delivers those as `GainExperience`
 * events (the subscription name only narrows what the server sends), so the name selects
 * `GainExperience` events whose `experience_id` is `<id>`.
 */

export interface EventSelector {
  type: string
  /** Census experience id the payload must carry, as the string Census sends. */
  experienceId?: string
}

/** The type Census delivers `GainExperience_experience_id_<id>` subscriptions as. */
export const EXPERIENCE_EVENT_TYPE = 'GainExperience'
const EXPERIENCE_NAME = /^GainExperience_experience_id_(\d+)$/

export function eventSelector(name: string): EventSelector {
  const match = EXPERIENCE_NAME.exec(name)
  return match ? { type: EXPERIENCE_EVENT_TYPE, experienceId: match[1]! } : { type: name }
}

/** Whether an event of `type` with `payload` is one the selector names. */
export function selects(selector: EventSelector, type: string, payload: unknown): boolean {
  if (type !== selector.type) return false
  return selector.experienceId === undefined || hasExperienceId(payload, selector.experienceId)
}

export function hasExperienceId(payload: unknown, id: string): boolean {
  if (payload === null || typeof payload !== 'object') return false
  const value = (payload as Record<string, unknown>).experience_id
  return value === id || (typeof value === 'number' && String(value) === id)
}
