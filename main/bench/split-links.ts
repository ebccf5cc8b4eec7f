/**
 * How worker-split.ts plugs a second-thread link into the flow (bench only): the link for each
 * `--transport`, and the tee that lets history and the link share history's slot.
 */

import type { VigilEvent } from '../../shared/domain'
import type { EventRecorder } from '../services/event-flow'
import type { PayloadPlace } from '../services/presets/preset'
import { benchTriggers } from './bench-triggers'
import { triggerPayloadFields } from './payload-fields'
import { RingLink } from './ring-link'
import type { Reading, ThreadLink } from './thread-link'
import { parseBatchMode, TriggerThreadLink, type LinkLimits } from './trigger-thread-link'

/**
 * `array`, `joined`: `postMessage` batches of texts (trigger-thread-link.ts); `ring`: texts through
 * a SharedArrayBuffer ring (ring-link.ts); `fields`: the same ring, only the members triggers read;
 * `binary`: those members in payload-binary.ts's layout.
 */
export type Transport = 'array' | 'joined' | 'ring' | 'fields' | 'binary'

export interface LinkChoice {
  transport: Transport
  /** `--batches`' entry (messages only). */
  batch: string
  limits: LinkLimits
  ringBytes: number
}

export function startLink(
  choice: LinkChoice,
  reading: Reading,
  sourceId: string,
  triggers: number,
): ThreadLink {
  const { transport } = choice
  if (transport === 'ring' || transport === 'fields' || transport === 'binary') {
    const fields =
      transport === 'ring' ? undefined : triggerPayloadFields(benchTriggers(sourceId, triggers))
    return new RingLink(
      {
        bytes: choice.ringBytes,
        ...(fields ? { fields } : {}),
        ...(transport === 'binary' ? { binary: true } : {}),
      },
      reading,
      sourceId,
      triggers,
    )
  }
  return new TriggerThreadLink(
    parseBatchMode(choice.batch),
    transport,
    choice.limits,
    reading,
    sourceId,
    triggers,
  )
}

/** Hands each event to history and to the link, in that order (`split-history`). */
export class TeeRecorder implements EventRecorder {
  constructor(
    private readonly first: EventRecorder,
    private readonly second: EventRecorder,
  ) {}

  record(event: VigilEvent, bytes: number, text?: string, place?: PayloadPlace): void {
    this.first.record(event, bytes, text, place)
    this.second.record(event, bytes, text, place)
  }
}
