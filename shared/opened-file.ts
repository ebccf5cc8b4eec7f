/**
 * Files the operating system asked the desktop app to open (a double-clicked `.vigil` config or
 * `.vigilrec` recording). Main reads the file itself and hands the page a token: the page never
 * names a path, so it can never make the engine read a file the user did not open.
 */

import type { RecordingInfo } from './recording'

export type OpenedFileKind = 'config' | 'recording'

/** Pushed as `ui:open-file`: what was opened, and the token to take its content with. */
export interface OpenedFileNotice {
  kind: OpenedFileKind
  token: string
  /** The file's name, without its folder, to show the user. */
  name: string
}

/** What `file:take-opened` answers, once per token. */
export type OpenedFileContent =
  | { kind: 'config'; name: string; document: unknown }
  | { kind: 'recording'; name: string; recording: RecordingInfo }
  | { kind: 'unreadable'; name: string; message: string }
