/**
 * An event as the rings that hold it for a while keep it: the recent-events ring, and the trigger
 * engine's near-miss rings and value-index lists' rings.
 *
 * At a flood those rings always hold events a scavenge finds young: kept as parsed payloads (a
 * graph of objects each), V8 promotes them into the old generation at every scavenge (about 140
 * bytes per event, 0.35-0.6 µs of collector time per event for the recent-events ring, 0.7-2.4 µs
 * for the near-miss rings of 1,000 triggers: docs/performance.md); kept as one flat string each,
 * the frame's text the event was parsed from, they are not. Read back, the payload is parsed again.
 */

import type { VigilEvent } from '../../../shared/domain'
import type { PayloadPlace } from '../presets/preset'

/** An event kept as its frame's text and where its payload lies in it, parsed again when read. */
export class KeptAsText {
  constructor(
    readonly id: number,
    readonly sourceId: string,
    readonly type: string,
    readonly receivedAt: number,
    private readonly text: string,
    private readonly place: PayloadPlace,
  ) {}

  /** The event again, its payload parsed from the text it was parsed from when it arrived. */
  event(): VigilEvent {
    const frame: unknown = JSON.parse(this.text)
    const payload = this.place === null ? frame : (frame as Record<string, unknown>)[this.place]
    const { id, sourceId, type, receivedAt } = this
    return { id, sourceId, type, receivedAt, payload }
  }
}

/** An event as a ring keeps it: as its frame's text where that is known, else as it is. */
export type KeptEvent = VigilEvent | KeptAsText

/** `event` as a ring keeps it (see KeptAsText); `text` and `place` as the flow was told them. */
export function keptOf(event: VigilEvent, text?: string, place?: PayloadPlace): KeptEvent {
  return text === undefined || place === undefined
    ? event
    : new KeptAsText(event.id, event.sourceId, event.type, event.receivedAt, text, place)
}

/** The event a ring kept, its payload parsed again if it was kept as text. */
export const eventOf = (kept: KeptEvent): VigilEvent =>
  kept instanceof KeptAsText ? kept.event() : kept
