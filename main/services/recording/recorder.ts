/**
 * Records sources' raw frames to JSON Lines files in the recordings folder, one file per
 * recording. Frames are appended to memory on the hot path and written every 100 ms; if the disk
 * falls behind by more than a few megabytes, frames are dropped and counted rather than letting
 * memory grow (the closing line says how many). A recording whose file cannot be written (a full
 * disk) ends there, and says why until this run ends.
 */

import { constants, createWriteStream, type WriteStream } from 'node:fs'
import { copyFile, mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import {
  parseRecordingHeader,
  recordingIdSchema,
  type RecordingInfo,
} from '../../../shared/recording'
import { VigilError } from '../../../shared/result'
import type { SourceConfig } from '../../../shared/source-config'
import type { FrameRecorder, RawFrame } from '../event-flow'
import type { Clock, TimerHandle } from '../util/clock'
import type { Logger } from '../util/logger'
import { readFirstLine, readRecordingInfo } from './recording-files'
import { endLine, frameLine, headerLine, recordingId } from './recording-lines'
import { replayUrl } from './replay-source'

export interface RecorderOptions {
  dir: string
  clock: Clock
  logger: Logger
  /** Bytes waiting for the disk before frames are dropped. */
  maxBacklogBytes?: number
  flushIntervalMs?: number
  /** The file calls recordings are written with (Node's by default; tests fill the disk). */
  fs?: StreamFs
}

/** createWriteStream's `fs` option: the open, write and close calls its stream makes. */
type StreamFs = Extract<Parameters<typeof createWriteStream>[1], object>['fs']

interface Active {
  info: RecordingInfo
  stream: WriteStream
  lines: string[]
  chars: number
  timer: TimerHandle | undefined
}

const EXTENSION = '.jsonl'

export class Recorder implements FrameRecorder {
  /** Stops taking frames for a source. */
  private forget(sourceId: string): void {
    this.active.delete(sourceId)
  }

  private readonly active = new Map<string, Active>()
  /**
   * Sources whose recording is being started, taken before start's first await: two quick starts
   * must not both pass the check and race for the same file (the same id, to the millisecond).
   */
  private readonly starting = new Set<string>()
  /**
   * Recordings whose file could not be written, by recording id. The file cannot say so (its
   * closing line was never written), so list() and info() answer from here for this run.
   */
  private readonly failed = new Map<string, RecordingInfo>()
  /** Per source, the failed recording that stop() has not reported yet (it answers with it). */
  private readonly unreported = new Map<string, RecordingInfo>()
  private readonly maxBacklog: number
  private readonly flushInterval: number

  constructor(private readonly options: RecorderOptions) {
    this.maxBacklog = options.maxBacklogBytes ?? 8 * 1024 * 1024
    this.flushInterval = options.flushIntervalMs ?? 100
  }

  /** Whether any source is being recorded: while none is, frames are not even handed over. */
  get recording(): boolean {
    return this.active.size > 0
  }

  isRecording(sourceId: string): boolean {
    return this.active.has(sourceId)
  }

  /** The ids of the sources being recorded. */
  recordedSources(): string[] {
    return [...this.active.keys()]
  }

  async start(source: SourceConfig): Promise<RecordingInfo> {
    if (this.active.has(source.id) || this.starting.has(source.id)) {
      throw new VigilError('conflict', `source "${source.id}" is already being recorded`)
    }
    this.starting.add(source.id)
    // A new recording: stopping it must not answer with an earlier one's failure.
    this.unreported.delete(source.id)
    try {
      return await this.open(source)
    } finally {
      this.starting.delete(source.id)
    }
  }

  /** Creates the file and starts taking the source's frames; `start` has reserved the source. */
  private async open(source: SourceConfig): Promise<RecordingInfo> {
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 })
    const startedAt = this.options.clock.now()
    const id = recordingId(source.id, startedAt)
    const path = this.pathOf(id)
    const stream = createWriteStream(path, {
      flags: 'wx',
      mode: 0o600,
      ...(this.options.fs ? { fs: this.options.fs } : {}),
    })
    const header = headerLine(id, source, startedAt)
    // Written (and frames taken) at once: the stream queues them until the file is open, so no
    // frame that arrives while it opens is missed.
    stream.write(header)
    const info: RecordingInfo = {
      id,
      sourceId: source.id,
      name: source.name,
      preset: source.preset,
      eventTypePath: source.eventTypePath ?? null,
      startedAt,
      stoppedAt: null,
      frames: 0,
      dropped: 0,
      bytes: Buffer.byteLength(header),
      active: true,
      replayUrl: replayUrl(id),
    }
    const recording: Active = { info, stream, lines: [], chars: 0, timer: undefined }
    this.active.set(source.id, recording)
    try {
      await new Promise<void>((ready, fail) => {
        stream.once('open', () => ready())
        stream.once('error', fail)
      })
    } catch (error) {
      // Only this recording's own entry, which a stop may have removed meanwhile.
      if (this.active.get(source.id) === recording) this.forget(source.id)
      this.options.clock.clearTimeout(recording.timer)
      stream.destroy()
      throw error
    }
    stream.on('error', (error) => this.fail(recording, error))
    this.options.logger.info(`recording source "${source.id}" to ${path}`)
    return { ...info }
  }

  /** Stops a recording; rejects with its failure if its file could not be written. */
  async stop(sourceId: string): Promise<RecordingInfo> {
    const recording = this.active.get(sourceId)
    if (!recording) {
      const failed = this.unreported.get(sourceId)
      if (!failed) throw new VigilError('not-found', `source "${sourceId}" is not being recorded`)
      this.unreported.delete(sourceId)
      throw failure(failed)
    }
    this.forget(sourceId)
    this.options.clock.clearTimeout(recording.timer)
    this.write(recording)
    const { info, stream } = recording
    info.stoppedAt = this.options.clock.now()
    info.active = false
    const closing = endLine(info.stoppedAt, info.frames ?? 0, info.dropped)
    info.bytes += Buffer.byteLength(closing)
    stream.end(closing)
    // Rejects when any write failed, this one or an earlier one whose error is still on its way.
    await finished(stream).catch((error: Error) => this.fail(recording, error))
    if (info.error !== undefined) {
      if (this.unreported.get(sourceId) === info) this.unreported.delete(sourceId)
      throw failure(info)
    }
    return { ...info }
  }

  /** Every recording in the folder, newest first, including the ones in progress. */
  async list(): Promise<RecordingInfo[]> {
    let names: string[]
    try {
      names = await readdir(this.options.dir)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    const live = new Map([...this.active.values()].map(({ info }) => [info.id, info]))
    const infos: RecordingInfo[] = []
    for (const name of names) {
      if (!name.endsWith(EXTENSION)) continue
      const id = name.slice(0, -EXTENSION.length)
      const current = live.get(id) ?? this.failed.get(id)
      if (current) {
        infos.push({ ...current })
        continue
      }
      const info = await readRecordingInfo(this.pathOf(id), id).catch(() => null)
      if (info) infos.push(info)
    }
    return infos.sort((a, b) => b.startedAt - a.startedAt)
  }

  /** A stored recording's summary; `not-found` when there is no such recording. */
  async info(id: string): Promise<RecordingInfo> {
    if (!recordingIdSchema.safeParse(id).success) {
      throw new VigilError('invalid-argument', `"${id.slice(0, 140)}" is not a recording id`)
    }
    const live = [...this.active.values()].find(({ info }) => info.id === id)
    if (live) return { ...live.info }
    const failed = this.failed.get(id)
    if (failed) return { ...failed }
    const info = await readRecordingInfo(this.pathOf(id), id).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return null
        throw error
      },
    )
    if (!info) throw new VigilError('not-found', `no recording "${id}"`)
    return info
  }

  /**
   * Adds a recording file from elsewhere (one the OS asked Vigil to open) to the recordings
   * folder, under its own id or, when that is taken, a fresh one. Its header must be a Vigil
   * recording header; the rest is read as usual when it is replayed.
   */
  async importFile(path: string): Promise<RecordingInfo> {
    const parsed = parseRecordingHeader(await readFirstLine(path))
    if (!parsed.ok) throw new VigilError('invalid-argument', `${path}: ${parsed.message}`)
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 })
    const base = recordingIdSchema.safeParse(parsed.header.id).success
      ? parsed.header.id
      : recordingId(parsed.header.sourceId, parsed.header.startedAt)
    for (let n = 0; n < 1_000; n++) {
      const id = n === 0 ? base : `${base.slice(0, 110)}-imported-${n}`
      try {
        // COPYFILE_EXCL: never replace a recording already here.
        await copyFile(path, this.pathOf(id), constants.COPYFILE_EXCL)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue
        throw error
      }
      const info = await readRecordingInfo(this.pathOf(id), id)
      if (!info) throw new VigilError('invalid-argument', `${path} could not be read back`)
      this.options.logger.info(`imported recording ${id} from ${path}`)
      return info
    }
    throw new VigilError('conflict', `too many imported copies of recording "${base}"`)
  }

  /** Stops every recording, closing each file properly (a failed one was logged as it failed). */
  async dispose(): Promise<void> {
    await Promise.allSettled([...this.active.keys()].map((sourceId) => this.stop(sourceId)))
  }

  /** A frame as received. Hot path while anything records: one map lookup for the others. */
  readonly frame = (frame: RawFrame): void => {
    const recording = this.active.get(frame.sourceId)
    if (!recording) return
    const { info } = recording
    if (recording.stream.writableLength + recording.chars > this.maxBacklog) {
      info.dropped++
      return
    }
    const line = frameLine(frame.data, frame.binary, frame.receivedAt)
    recording.lines.push(line)
    recording.chars += line.length
    info.frames = (info.frames ?? 0) + 1
    recording.timer ??= this.options.clock.setTimeout(() => {
      recording.timer = undefined
      this.write(recording)
    }, this.flushInterval)
  }

  /**
   * The file could not be written (a full disk, a drive gone): the recording ends here. It takes
   * and counts no more frames, lets go of its file and buffer, and keeps the error for stop(),
   * list() and info(). Which of the frames handed to the file reached it is unknown.
   */
  private fail(recording: Active, error: Error): void {
    const { info, stream } = recording
    if (info.error !== undefined) return
    this.options.logger.error(`recording ${info.id} could not be written: ${error.message}`)
    // Not when a stop has taken it already (that stop reports the failure).
    if (this.active.get(info.sourceId) === recording) this.forget(info.sourceId)
    this.options.clock.clearTimeout(recording.timer)
    recording.timer = undefined
    recording.lines = []
    recording.chars = 0
    stream.destroy()
    info.active = false
    info.stoppedAt ??= this.options.clock.now()
    info.frames = null
    info.bytes = stream.bytesWritten
    info.error = error.message
    this.failed.set(info.id, info)
    this.unreported.set(info.sourceId, info)
  }

  private write(recording: Active): void {
    if (recording.lines.length === 0) return
    const text = recording.lines.join('')
    recording.lines = []
    recording.chars = 0
    recording.info.bytes += Buffer.byteLength(text)
    recording.stream.write(text)
  }

  private pathOf(id: string): string {
    return join(this.options.dir, `${id}${EXTENSION}`)
  }
}

/** What stop() answers for a recording that failed. */
function failure(info: RecordingInfo): VigilError {
  return new VigilError(
    'unavailable',
    `recording "${info.id}" failed, so it ended early: ${info.error ?? 'unknown error'}`,
  )
}
