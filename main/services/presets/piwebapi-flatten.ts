/**
 * Turns one PI Web API channel message into one event per (stream, value). A message is
 * `{"Links":{},"Items":[stream…]}`, each stream `{WebId, Name, Path, UnitsAbbreviation, Items:
 * [value…]}` and each value `{Timestamp, Value, UnitsAbbreviation, Good, Questionable,
 * Substituted, Annotated}`. Quirks handled (../shared/protocols.md):
 * - only streams that changed are included, and values are not guaranteed to be in time order:
 *   each value becomes its own event, in the order received, never sorted or merged;
 * - the quality flags are real booleans in some server versions and "true"/"false" in others:
 *   they are made booleans, so a condition on `Good` works against either;
 * - `Value` is kept exactly as received, objects included (digital states `{"Name","Value"}`, and
 *   system states for bad readings): a string "true" from a text stream is not a boolean;
 * - a message with no stream items is a heartbeat (`heartbeatRate`);
 * - `{"WebException":{"StatusCode":…,"Errors":[…]}}` is an error the server reports.
 */

export interface PiValueEvent {
  WebId: string | undefined
  Name: string | undefined
  Path: string | undefined
  UnitsAbbreviation: string | undefined
  Timestamp: unknown
  Value: unknown
  Good: boolean | undefined
  Questionable: boolean | undefined
  Substituted: boolean | undefined
  Annotated: boolean | undefined
}

export type PiMessage =
  | { kind: 'values'; events: PiValueEvent[] }
  | { kind: 'heartbeat' }
  | { kind: 'error'; message: string }
  | { kind: 'other' }

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** A quality flag as a boolean, whether the server wrote it as one or as its text. */
export function piFlag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase()
    if (lower === 'true') return true
    if (lower === 'false') return false
  }
  return undefined
}

/**
 * A number or string as text, anything else as undefined. Never `String()` on what a server sent:
 * an object whose `toString` is not a function (`{"toString":1}`) makes it throw.
 */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

function webException(value: Json): string {
  const status = scalarText(value.StatusCode)
  const errors = Array.isArray(value.Errors)
    ? value.Errors.map(scalarText).filter((error) => error !== undefined)
    : []
  const detail = errors.length > 0 ? errors.join('; ') : 'no details given'
  return `PI Web API error${status === undefined ? '' : ` ${status}`}: ${detail}`
}

export function flattenPiMessage(frame: unknown): PiMessage {
  if (!isObject(frame)) return { kind: 'other' }
  if (isObject(frame.WebException))
    return { kind: 'error', message: webException(frame.WebException) }
  const streams = frame.Items
  if (!Array.isArray(streams)) return { kind: 'other' }
  if (streams.length === 0) return { kind: 'heartbeat' }
  const events: PiValueEvent[] = []
  for (const stream of streams) {
    if (!isObject(stream) || !Array.isArray(stream.Items)) continue
    const units = text(stream.UnitsAbbreviation)
    for (const value of stream.Items) {
      if (!isObject(value)) continue
      events.push({
        WebId: text(stream.WebId),
        Name: text(stream.Name),
        Path: text(stream.Path),
        // A value's own units win: an attribute's units can change over time.
        UnitsAbbreviation: text(value.UnitsAbbreviation) ?? units,
        Timestamp: value.Timestamp,
        Value: value.Value,
        Good: piFlag(value.Good),
        Questionable: piFlag(value.Questionable),
        Substituted: piFlag(value.Substituted),
        Annotated: piFlag(value.Annotated),
      })
    }
  }
  return { kind: 'values', events }
}
