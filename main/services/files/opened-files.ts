/**
 * Files the OS asked Vigil to open, read by the engine and held under a one-time token until the
 * page takes them (shared/opened-file.ts). A config is parsed here; a recording is copied into the
 * recordings folder, so it can be replayed like any other. A file that cannot be read becomes an
 * `unreadable` entry with the reason, so the user is told rather than left wondering.
 */

import { randomBytes } from 'node:crypto'
import { basename } from 'node:path'
import type {
  OpenedFileContent,
  OpenedFileKind,
  OpenedFileNotice,
} from '../../../shared/opened-file'
import { VigilError } from '../../../shared/result'
import type { Recorder } from '../recording/recorder'
import { readBoundedFile, RefusedFileError } from './bounded-read'
import { errorText } from '../../../shared/utils/error-text'

/** A config document larger than this is not a config document. */
const MAX_CONFIG_BYTES = 5 * 1024 * 1024
/** Opened files not taken are forgotten, oldest first, past this many. */
const MAX_PENDING = 20

export class OpenedFiles {
  private readonly pending = new Map<string, OpenedFileContent>()

  constructor(private readonly recorder: Pick<Recorder, 'importFile'>) {}

  async open(path: string, kind: OpenedFileKind): Promise<OpenedFileNotice> {
    const name = basename(path)
    const content = await this.read(path, kind, name).catch(
      (error: unknown): OpenedFileContent => ({
        kind: 'unreadable',
        name,
        message: errorText(error),
      }),
    )
    const token = randomBytes(16).toString('hex')
    this.pending.set(token, content)
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!)
    return { kind, token, name }
  }

  /** The content behind a token, once; `not-found` for an unknown or already taken token. */
  take(token: string): OpenedFileContent {
    const content = this.pending.get(token)
    if (!content) throw new VigilError('not-found', 'that opened file is no longer available')
    this.pending.delete(token)
    return content
  }

  private async read(path: string, kind: OpenedFileKind, name: string): Promise<OpenedFileContent> {
    if (kind === 'recording') return { kind, name, recording: await this.recorder.importFile(path) }
    let text: string
    try {
      text = (await readBoundedFile(path, MAX_CONFIG_BYTES)).toString('utf8')
    } catch (error) {
      if (!(error instanceof RefusedFileError)) throw error
      throw new Error(`${name} is not a Vigil config: ${error.message}`, { cause: error })
    }
    try {
      return { kind, name, document: JSON.parse(text) as unknown }
    } catch (error) {
      throw new Error(`${name} is not JSON: ${errorText(error)}`, { cause: error })
    }
  }
}
