/**
 * How a connection parses a text frame: `JSON.parse`, or, for a preset whose service writes the
 * same envelope around every event (Census: `{"payload":{...},"service":"event","type":
 * "serviceMessage"}`), only the value inside it. A frame that is exactly the envelope's prefix,
 * one JSON value and its suffix parses, as a whole, to the envelope around that value: the
 * envelope's own members are fixed text, so parsing them again on every event is work with a
 * known answer (about a tenth of a Census frame's parse; docs/performance.md).
 *
 * Exactly what `JSON.parse` of the whole frame gives, or throws for: if the inside is one JSON
 * value, the frame is the envelope around it; if it is not (a frame such as `{"payload":{},
 * "service":"x","type":"y","service":"event","type":"serviceMessage"}` has the prefix and the
 * suffix around text that is not one value), the whole frame is parsed as it is: such a frame
 * costs two parses, never more.
 */

import type { FrameEnvelope } from '../presets'

/** Parses a frame's text as `JSON.parse` does (and throws as it does on text that is not JSON). */
export type FrameParser = (text: string) => unknown

export function frameParser(envelope: FrameEnvelope | undefined): FrameParser {
  if (envelope === undefined) return (text) => JSON.parse(text) as unknown
  const { prefix, suffix, wrap } = envelope
  const around = prefix.length + suffix.length
  return (text) => {
    if (text.length > around && text.startsWith(prefix) && text.endsWith(suffix)) {
      let value: unknown
      try {
        value = JSON.parse(text.slice(prefix.length, text.length - suffix.length))
      } catch {
        return JSON.parse(text) as unknown
      }
      return wrap(value)
    }
    return JSON.parse(text) as unknown
  }
}
