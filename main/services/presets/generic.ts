/** Generic JSON: every JSON frame is an event; the type is read from the source's eventTypePath. */

import type { Preset } from './preset'

export const genericPreset: Preset = {
  id: 'generic',
  label: 'Generic JSON',
  defaultEventTypePath: 'type',
  createClassifier: (_source, typeOf) => ({
    classify(frame, sink) {
      sink.event(typeOf(frame), frame)
    },
  }),
}
