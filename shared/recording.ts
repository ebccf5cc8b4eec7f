/**
 * Recordings: a source's raw frames with their receive times, in a JSON Lines file under
 * `<data-dir>/recordings/`. The format is documented in the README ("Recording format"); a
 * recording replays as a source of its own at `sim://replay/<id>?speed=N`.
 */

import { z } from 'zod'
import type { PresetId } from './presets'

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
  /** Null while recording, or when the recording ended without its closing line (a crash). */
  stoppedAt: number | null
  /** Frames written; null when unknown (an interrupted recording). */
  frames: number | null
  /** Frames not written because the disk fell behind. */
  dropped: number
  bytes: number
  active: boolean
  /** The source URL to replay it with, at recorded speed. */
  replayUrl: string
}
