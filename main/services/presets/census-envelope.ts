/**
 * What the duplicate filter hashes for a Census event. Mature clients drop a repeat by a hash of
 * the payload (protocols.md), so a repeat must be caught whatever envelope it arrives in: keys in
 * another order, or spaced out by another serialiser.
 *
 * This runs for every event (a flood is 250,000 a second), so the common case costs neither a
 * serialisation nor a copy: the service writes its envelope as `{"payload":{...},"service":
 * "event","type":"serviceMessage"}`, compact, and a frame in exactly that shape is hashed as
 * received, its envelope bytes being the same around every payload. Any other frame is hashed as
 * that canonical frame would be, rebuilt around `JSON.stringify` of the parsed payload, which
 * gives the same bytes for the same payload as long as the service writes payloads compactly (it
 * does; JSON keeps key order).
 *
 * The same envelope spares the parse its members (`CENSUS_ENVELOPE`, sources/frame-parser.ts).
 */

import type { FrameEnvelope } from './preset'

const PREFIX_TEXT = '{"payload":'
const SUFFIX_TEXT = ',"service":"event","type":"serviceMessage"}'
const PREFIX = Buffer.from(PREFIX_TEXT)
const SUFFIX = Buffer.from(SUFFIX_TEXT)

/**
 * Whether a frame is in the service's own envelope. Byte by byte in JS: for 54 bytes this is a
 * third of the cost of two `Buffer.compare` calls across the native boundary.
 */
function isCanonical(raw: Buffer): boolean {
  const end = raw.length - SUFFIX.length
  if (end <= PREFIX.length) return false
  for (let i = 0; i < PREFIX.length; i++) if (raw[i] !== PREFIX[i]) return false
  for (let i = 0; i < SUFFIX.length; i++) if (raw[end + i] !== SUFFIX[i]) return false
  return true
}

/**
 * A frame the parser found in the service's own envelope (CENSUS_ENVELOPE): the members
 * `JSON.parse` gives, in its order, and proof that its bytes need no second look. A stream cannot
 * forge one: `JSON.parse` makes plain objects only.
 */
class EnvelopedFrame {
  readonly payload: unknown
  readonly service: string
  readonly type: string

  constructor(payload: unknown) {
    this.payload = payload
    this.service = 'event'
    this.type = 'serviceMessage'
  }
}

/**
 * The canonical frame of this payload: `raw` itself when it is one (known already when the parser
 * found `frame` in the envelope), else rebuilt as text.
 */
export function censusFingerprintBytes(
  raw: Buffer,
  payload: unknown,
  frame?: unknown,
): Buffer | string {
  return frame instanceof EnvelopedFrame || isCanonical(raw)
    ? raw
    : PREFIX_TEXT + JSON.stringify(payload) + SUFFIX_TEXT
}

/** The service's envelope: a frame in it is parsed by its payload alone (frame-parser.ts). */
export const CENSUS_ENVELOPE: FrameEnvelope = {
  prefix: PREFIX_TEXT,
  suffix: SUFFIX_TEXT,
  wrap: (payload) => new EnvelopedFrame(payload),
}
