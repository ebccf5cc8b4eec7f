/**
 * Reads what a recording file says about itself without reading all of it: its header (the first
 * line) and its closing line (the last), each within the first or last PEEK_BYTES of the file.
 */

import { open, stat } from 'node:fs/promises'
import {
  parseRecordingHeader,
  parseRecordingLine,
  type RecordingInfo,
} from '../../../shared/recording'
import { replayUrl } from './replay-source'

/** How much of a file's start and end is read to find its header and closing line. */
const PEEK_BYTES = 64 * 1024

/** The first line of the file at `path` (within its first PEEK_BYTES). */
export async function readFirstLine(path: string): Promise<string> {
  const file = await open(path, 'r')
  try {
    const head = Buffer.alloc(PEEK_BYTES)
    const { bytesRead } = await file.read(head, 0, head.length, 0)
    return head.subarray(0, bytesRead).toString('utf8').split('\n', 1)[0] ?? ''
  } finally {
    await file.close()
  }
}

/** The summary of recording `id` stored at `path`; null when its header is not a recording's. */
export async function readRecordingInfo(path: string, id: string): Promise<RecordingInfo | null> {
  const size = (await stat(path)).size
  const file = await open(path, 'r')
  try {
    const head = Buffer.alloc(Math.min(size, PEEK_BYTES))
    await file.read(head, 0, head.length, 0)
    const firstLine = head.toString('utf8').split('\n', 1)[0] ?? ''
    const parsed = parseRecordingHeader(firstLine)
    if (!parsed.ok) return null
    const tail = Buffer.alloc(Math.min(size, PEEK_BYTES))
    await file.read(tail, 0, tail.length, size - tail.length)
    const lastLine = tail.toString('utf8').trimEnd().split('\n').at(-1) ?? ''
    const end = parseRecordingLine(lastLine)
    const { header } = parsed
    return {
      id,
      sourceId: header.sourceId,
      name: header.name,
      preset: header.preset,
      eventTypePath: header.eventTypePath,
      startedAt: header.startedAt,
      stoppedAt: end?.kind === 'end' ? end.at : null,
      frames: end?.kind === 'end' ? end.frames : null,
      dropped: end?.kind === 'end' ? end.dropped : 0,
      bytes: size,
      active: false,
      replayUrl: replayUrl(id),
    }
  } finally {
    await file.close()
  }
}
