import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { EarlyLaunches, type EarlyApp, type EarlyShell } from './early-launches'
import { fakeEvent } from './testing/fakes'

/** Records what reaches the shell, in order. */
function fakeShell() {
  const calls: unknown[][] = []
  const shell: EarlyShell = {
    openFile: (path) => {
      calls.push(['openFile', path])
      return Promise.resolve()
    },
    secondInstance: (argv, workingDirectory) => {
      calls.push(['secondInstance', argv, workingDirectory])
    },
  }
  return { shell, calls }
}

describe('EarlyLaunches', () => {
  it('holds files and second launches from before the shell, then hands them over in order', () => {
    const app = new EventEmitter()
    const early = new EarlyLaunches(app as unknown as EarlyApp)
    const opened = fakeEvent()
    app.emit('second-instance', fakeEvent(), ['vigil', 'team.vigil'], '/home/me/exports')
    app.emit('open-file', opened, '/Users/me/night.vigilrec')
    app.emit('second-instance', fakeEvent(), ['vigil', '--hidden'], '/')
    // macOS would open the file itself unless told the app takes it.
    expect(opened.defaultPrevented).toBe(true)

    const { shell, calls } = fakeShell()
    early.handOver(shell)
    expect(calls).toEqual([
      ['secondInstance', ['vigil', 'team.vigil'], '/home/me/exports'],
      ['openFile', '/Users/me/night.vigilrec'],
      ['secondInstance', ['vigil', '--hidden'], '/'],
    ])
  })

  it('stops listening once handed over: the shell takes later ones itself', () => {
    const app = new EventEmitter()
    const early = new EarlyLaunches(app as unknown as EarlyApp)
    const { shell, calls } = fakeShell()
    early.handOver(shell)
    expect(app.listenerCount('second-instance')).toBe(0)
    expect(app.listenerCount('open-file')).toBe(0)
    app.emit('second-instance', fakeEvent(), ['vigil', 'late.vigil'], '/tmp')
    early.handOver(shell)
    expect(calls).toEqual([])
  })
})
