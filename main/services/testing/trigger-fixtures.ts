/** Builders for trigger tests. Test-only; never imported by production code. */

import type { VigilEvent } from '../../../shared/domain'
import {
  triggerConfigSchema,
  type TriggerConfig,
  type TriggerConfigInput,
} from '../../../shared/trigger-config'

/** A trigger with defaults filled in the way the config schema fills them. */
export function trigger(input: Partial<TriggerConfigInput> = {}): TriggerConfig {
  return triggerConfigSchema.parse({
    id: 't',
    name: 'Test trigger',
    actions: [{ type: 'notify', title: '{{type}} {{payload.character_id}}' }],
    ...input,
  })
}

let nextId = 1

/** A Census-shaped event: every payload value a string, the type from `event_name`. */
export function censusEvent(
  payload: Record<string, string>,
  extra: Partial<VigilEvent> = {},
): VigilEvent {
  return {
    id: nextId++,
    sourceId: 'ps2',
    type: payload.event_name ?? 'Death',
    receivedAt: Date.now(),
    payload: { event_name: 'Death', world_id: '17', ...payload },
    ...extra,
  }
}
