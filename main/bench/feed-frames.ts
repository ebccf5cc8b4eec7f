/**
 * The frames the benchmark feeds: Census `serviceMessage` frames from the Census simulator's own
 * event generator (seeded, so every run and every client sees the same stream), trimmed to the
 * fields triggers and people key on so a frame is about 200 bytes, and encoded once as
 * server-to-client websocket text frames laid end to end in one buffer. Sending is then a slice of
 * that buffer: the feeder spends next to nothing per frame.
 */

import { CensusEventGenerator } from '../simulators/census/census-events'
import { mulberry32 } from '../simulators/random'

/**
 * Fields kept from each generated payload: the ones every event has, plus the ones the bench
 * triggers read. Real Census frames carry a few more (loadout ids, team ids), which only make
 * frames longer for both clients alike.
 */
const KEEP = new Set([
  'event_name',
  'character_id',
  'world_id',
  'zone_id',
  'timestamp',
  'amount',
  'experience_id',
  'attacker_weapon_id',
  'battle_rank',
  'duration_held',
  'outfit_id',
  'faction_nc',
])

export interface EncodedFrames {
  /** Every frame, websocket header included, end to end. */
  bytes: Buffer
  /** offsets[i] is where frame i starts; offsets[count] is the end. */
  offsets: Uint32Array
  count: number
  /** Mean length of the JSON text of a frame (what a client parses). */
  meanTextBytes: number
  /** Where each frame's 10-digit `timestamp` value starts in `bytes` (see stampFrames). */
  stamps: Uint32Array
  /** The timestamp the frames were generated with. */
  baseStamp: number
}

/** Unix seconds every generated event carries (stampFrames moves it on, pass by pass). */
export const BASE_STAMP = 1_706_357_108
const STAMP_KEY = '"timestamp":"'

export function censusFrameTexts(count: number, seed = 1): string[] {
  const generator = new CensusEventGenerator({
    environment: 'ps2',
    random: mulberry32(seed),
    now: () => BASE_STAMP * 1000,
  })
  const texts: string[] = []
  while (texts.length < count) {
    const generated = generator.next()
    if (!generated) break
    const payload: Record<string, string> = {}
    for (const [key, value] of Object.entries(generated)) if (KEEP.has(key)) payload[key] = value
    texts.push(JSON.stringify({ payload, service: 'event', type: 'serviceMessage' }))
  }
  return texts
}

/** A server frame is never masked (RFC 6455 5.1): a 2-byte header, or 4 with a 16-bit length. */
function header(length: number): Buffer {
  if (length < 126) return Buffer.from([0x81, length])
  if (length < 65_536) return Buffer.from([0x81, 126, length >> 8, length & 0xff])
  throw new RangeError('bench frames are short')
}

export function encodeFrames(texts: readonly string[]): EncodedFrames {
  const parts: Buffer[] = []
  const offsets = new Uint32Array(texts.length + 1)
  const stamps = new Uint32Array(texts.length)
  let at = 0
  let textBytes = 0
  texts.forEach((text, i) => {
    const body = Buffer.from(text)
    const head = header(body.length)
    offsets[i] = at
    // Every generated payload has a timestamp of 10 ASCII digits; the text is ASCII throughout.
    const stamp = text.indexOf(STAMP_KEY)
    if (stamp < 0 || body.length !== text.length) throw new Error('a bench frame has no timestamp')
    stamps[i] = at + head.length + stamp + STAMP_KEY.length
    parts.push(head, body)
    at += head.length + body.length
    textBytes += body.length
  })
  offsets[texts.length] = at
  return {
    bytes: Buffer.concat(parts),
    offsets,
    count: texts.length,
    meanTextBytes: textBytes / texts.length,
    stamps,
    baseStamp: BASE_STAMP,
  }
}

/**
 * Writes `baseStamp + pass` as every frame's timestamp in `bytes` (a copy of the frames' bytes).
 * Each pass over the frames is then new to a client: Census repeats a frame byte for byte only
 * when it sends an event twice, and Vigil drops such repeats as Census clients do, so a feeder
 * cycling identical bytes would measure the duplicate filter, not the pipeline.
 */
export function stampFrames(bytes: Buffer, frames: EncodedFrames, pass: number): void {
  const text = String(frames.baseStamp + pass)
  for (let i = 0; i < frames.count; i++) bytes.write(text, frames.stamps[i]!, 'latin1')
}
