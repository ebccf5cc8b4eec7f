/**
 * Writing the recording format (shared/recording.ts reads it; docs/user-guide.md documents it): the
 * header with the source's settings minus secrets, then one line per frame.
 */

import { RECORDING_FORMAT_VERSION, type RecordingHeader } from '../../../shared/recording'
import type { SourceConfig } from '../../../shared/source-config'
import { redactUrl } from '../util/logger'

/** Keys whose values are credentials in the services Vigil speaks to (tokens, passwords, ids). */
const SENSITIVE_KEY = /token|secret|passw|auth|credential|api[-_]?key|service[-_]?id|session/i
const HIDDEN = '***'

/** A copy with every value under a sensitive-looking key replaced by `***`. */
export function redactSensitive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSensitive)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      SENSITIVE_KEY.test(key) ? HIDDEN : redactSensitive(child),
    ]),
  )
}

export function headerLine(id: string, source: SourceConfig, startedAt: number): string {
  const header: RecordingHeader = {
    vigilRecording: RECORDING_FORMAT_VERSION,
    id,
    sourceId: source.id,
    name: source.name,
    preset: source.preset,
    eventTypePath: source.eventTypePath ?? null,
    startedAt,
    source: {
      ...source,
      url: redactUrl(source.url),
      headers: Object.fromEntries(Object.keys(source.headers).map((name) => [name, HIDDEN])),
      // A text message can hold anything (an AUTH line with its token): only objects are kept.
      onOpen: source.onOpen.map((message) =>
        typeof message === 'string' ? HIDDEN : redactSensitive(message),
      ),
    },
  }
  return `${JSON.stringify(header)}\n`
}

export function frameLine(data: Buffer, binary: boolean, at: number): string {
  return binary
    ? `{"at":${at},"base64":"${data.toString('base64')}"}\n`
    : `{"at":${at},"text":${JSON.stringify(data.toString('utf8'))}}\n`
}

export function endLine(at: number, frames: number, dropped: number): string {
  return `${JSON.stringify({ end: at, frames, dropped })}\n`
}

/** `demo-census-20260102-030405-678`: sortable, and safe as a file name. */
export function recordingId(sourceId: string, at: number): string {
  const stamp = new Date(at).toISOString().replace(/[-:]/g, '').replace('T', '-').replace('.', '-')
  return `${sourceId}-${stamp.slice(0, -1)}`.slice(0, 128)
}
