/**
 * What the OS hands the first instance before its shell exists: files opened on macOS
 * (`open-file`, which may come even before `ready`) and second launches (`second-instance`, from
 * `ready` on, while the engine still starts and the window is not yet made). Collected from the
 * first lines of main, then handed to the shell in the order they came; dropped otherwise.
 */

import type { App } from 'electron'
import type { AppShell } from './app-shell'

export type EarlyApp = Pick<App, 'on' | 'off'>
export type EarlyShell = Pick<AppShell, 'openFile' | 'secondInstance'>

export class EarlyLaunches {
  private readonly pending: ((shell: EarlyShell) => void)[] = []

  private readonly onOpenFile = (event: { preventDefault(): void }, path: string): void => {
    event.preventDefault()
    this.pending.push((shell) => void shell.openFile(path))
  }

  private readonly onSecondInstance = (
    _event: unknown,
    argv: string[],
    workingDirectory: string,
  ): void => {
    this.pending.push((shell) => shell.secondInstance(argv, workingDirectory))
  }

  constructor(private readonly app: EarlyApp) {
    app.on('open-file', this.onOpenFile)
    app.on('second-instance', this.onSecondInstance)
  }

  /** Stops collecting (the shell listens itself from now on) and hands over what came. */
  handOver(shell: EarlyShell): void {
    this.app.off('open-file', this.onOpenFile)
    this.app.off('second-instance', this.onSecondInstance)
    for (const deliver of this.pending.splice(0)) deliver(shell)
  }
}
