/**
 * ebsockets-style events: every frame `{"event": type, ...attributes}` is an event typed by
 * `event`, with the whole frame as its payload (the attributes sit beside the type, as sent).
 * Frames without a string `event` are not events of this model: control frames. Messages to the
 * server have the same shape (`buildEventMessage` in shared/presets.ts).
 */

import {
  EBSOCKETS_TYPE_KEY,
  ebsocketsDescriptor,
  type EbsocketsOptions,
} from '../../../shared/presets/ebsockets'
import type { PresetContext, PresetFor } from './preset'

export const ebsocketsPreset: PresetFor<'ebsockets'> = {
  id: ebsocketsDescriptor.id,
  defaultEventTypePath: ebsocketsDescriptor.defaultEventTypePath,
  createClassifier: ({ typeOf }: PresetContext<EbsocketsOptions>) => ({
    classify(frame, sink) {
      const type =
        frame !== null && typeof frame === 'object'
          ? (frame as Record<string, unknown>)[EBSOCKETS_TYPE_KEY]
          : undefined
      if (typeof type === 'string' && type !== '') return sink.event(typeOf(frame), frame, null)
      sink.control(frame)
    },
  }),
}
