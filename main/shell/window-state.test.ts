import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeBrowserWindow } from './testing/fakes'
import { captureWindowState, loadWindowState, saveWindowState } from './window-state'

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }]

describe('window state', () => {
  let dir: string
  let path: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-window-'))
    path = join(dir, 'window-state.json')
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('round-trips the normal bounds and the maximised flag', async () => {
    const window = new FakeBrowserWindow()
    window.bounds = { x: 100, y: 50, width: 1100, height: 700 }
    window.maximized = true
    await saveWindowState(path, captureWindowState(window))
    expect(await loadWindowState(path, screen)).toEqual({
      x: 100,
      y: 50,
      width: 1100,
      height: 700,
      maximized: true,
    })
  })

  it('keeps the size but drops a position that is on no display any more', async () => {
    await saveWindowState(path, { x: 2500, y: 100, width: 900, height: 600, maximized: false })
    expect(await loadWindowState(path, screen)).toEqual({
      width: 900,
      height: 600,
      maximized: false,
    })
    const twoScreens = [...screen, { x: 1920, y: 0, width: 1920, height: 1080 }]
    expect(await loadWindowState(path, twoScreens)).toMatchObject({ x: 2500 })
  })

  it('ignores a missing, corrupt or absurd file', async () => {
    expect(await loadWindowState(path, screen)).toBeUndefined()
    await writeFile(path, '{ not json')
    expect(await loadWindowState(path, screen)).toBeUndefined()
    await writeFile(path, JSON.stringify({ width: 5, height: 1e9 }))
    expect(await loadWindowState(path, screen)).toBeUndefined()
  })
})
