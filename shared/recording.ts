/**
 * Recordings: a source's raw frames with their receive times, in a JSON Lines file under
 * `<data-dir>/recordings/`. The format is documented in docs/user-guide.md ("Recording and replay"); a
 * recording replays as a source of its own at `sim://replay/<id>?speed=N`.
 */

import { z } from 'zod'
import { PRESET_IDS, type PresetId } from './preset-id'

export const RECORDING_FORMAT_VERSION = 1

/** File-name-safe, so an id can never name a path outside the recordings folder. */
export const recordingIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,127}$/, 'use 1-128 lowercase letters, digits, "-" or "_"')

/** `1` is the recorded speed, `10` ten times faster, `max` as fast as the connection takes. */
export const replaySpeedSchema = z.union([z.literal('max'), z.number().positive().max(1000)])
export type ReplaySpeed = z.infer<typeof replaySpeedSchema>

export const replayRequestSchema = z.strictObject({
  id: recordingIdSchema,
  speed: replaySpeedSchema.default(1),
})
export type ReplayRequest = z.input<typeof replayRequestSchema>

export interface RecordingInfo {
  id: string
  sourceId: string
  /** The source's name when recording started. */
  name: string
  preset: PresetId
  eventTypePath: string | null
  startedAt: number
  /**
   * Null while recording, or when the recording ended without its closing line (a crash); when
   * it failed (see `error`), the time it did.
   */
  stoppedAt: number | null
  /** Frames written; null when unknown (an interrupted or failed recording). */
  frames: number | null
  /** Frames not written because the disk fell behind. */
  dropped: number
  bytes: number
  active: boolean
  /** The source URL to replay it with, at recorded speed. */
  replayUrl: string
  /**
   * Why the recording ended early: its file could not be written (a full disk), so nothing after
   * that point was recorded. Known only to the run that was recording; absent otherwise.
   */
  error?: string
}

/**
 * Line 1 of a recording. `source` holds the source's settings as they were, minus secrets: the
 * URL's query values, header values and secret-looking fields of on-open messages are `***`.
 */
export const recordingHeaderSchema = z.object({
  vigilRecording: z.literal(RECORDING_FORMAT_VERSION),
  id: recordingIdSchema,
  sourceId: z.string(),
  name: z.string(),
  preset: z.enum(PRESET_IDS),
  eventTypePath: z.string().nullable(),
  startedAt: z.number(),
  source: z.record(z.string(), z.unknown()),
})
export type RecordingHeader = z.infer<typeof recordingHeaderSchema>

/** One line after the header: a text frame, a binary frame, or the closing line. */
export type RecordingLine =
  | { kind: 'frame'; at: number; text: string }
  | { kind: 'binary'; at: number; base64: string }
  | { kind: 'end'; at: number; frames: number; dropped: number }

/** Reads one line after the header; null for a line that is not one (a torn last line). */
export function parseRecordingLine(line: string): RecordingLine | null {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return null
  }
  if (value === null || typeof value !== 'object') return null
  const record = value as Record<string, unknown>
  if (typeof record.at === 'number' && typeof record.text === 'string')
    return { kind: 'frame', at: record.at, text: record.text }
  if (typeof record.at === 'number' && typeof record.base64 === 'string')
    return { kind: 'binary', at: record.at, base64: record.base64 }
  if (
    typeof record.end === 'number' &&
    typeof record.frames === 'number' &&
    typeof record.dropped === 'number'
  )
    return { kind: 'end', at: record.end, frames: record.frames, dropped: record.dropped }
  return null
}

/** Reads line 1; answers the problem in words when it is not a Vigil recording header. */
export function parseRecordingHeader(
  line: string,
): { ok: true; header: RecordingHeader } | { ok: false; message: string } {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return { ok: false, message: 'its first line is not JSON' }
  }
  const parsed = recordingHeaderSchema.safeParse(value)
  return parsed.success
    ? { ok: true, header: parsed.data }
    : { ok: false, message: 'its first line is not a Vigil recording header (format 1)' }
}
