/**
 * Generic JSON: every JSON frame is an event, typed at the source's eventTypePath, unless the
 * source's options say otherwise: `heartbeatWhen` and `errorWhen` pick out heartbeats and errors,
 * and with `eventWhen` only the frames that match are events (the rest are control frames).
 */

import { genericDescriptor, type GenericOptions } from '../../../shared/presets/generic'
import { compileFrameMatch, framePreview } from './frame-match'
import type { PresetContext, PresetFor } from './preset'

export const genericPreset: PresetFor<'generic'> = {
  id: genericDescriptor.id,
  defaultEventTypePath: genericDescriptor.defaultEventTypePath,
  // The rules only change how frames are read: the open connection keeps going.
  defaults: { liveChange: () => [] },
  createClassifier: ({ options, typeOf }: PresetContext<GenericOptions>) => {
    const isHeartbeat = options.heartbeatWhen ? compileFrameMatch(options.heartbeatWhen) : null
    const isError = options.errorWhen ? compileFrameMatch(options.errorWhen) : null
    const isEvent = options.eventWhen ? compileFrameMatch(options.eventWhen) : null
    // The common case, nothing configured, stays one call per frame.
    if (!isHeartbeat && !isError && !isEvent)
      return { classify: (frame, sink) => sink.event(typeOf(frame), frame, null) }
    return {
      classify(frame, sink) {
        if (isHeartbeat?.(frame)) return sink.heartbeat()
        if (isError?.(frame)) return sink.error(`the server reported: ${framePreview(frame)}`)
        if (isEvent && !isEvent(frame)) return sink.control(frame)
        sink.event(typeOf(frame), frame, null)
      },
    }
  },
}
