import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseLaunchArgs, startHidden } from './launch-args'

describe('parseLaunchArgs', () => {
  it('reads --data-dir in both spellings, resolved against the working directory', () => {
    expect(parseLaunchArgs(['electron', '.', '--data-dir', 'p1'], {}, '/home/me').dataDir).toBe(
      resolve('/home/me', 'p1'),
    )
    expect(parseLaunchArgs(['vigil', '--data-dir=/abs'], {}, '/x').dataDir).toBe(resolve('/abs'))
  })

  it('falls back to $VIGIL_DATA_DIR, and to none', () => {
    expect(parseLaunchArgs(['vigil'], { VIGIL_DATA_DIR: '/env' }, '/x').dataDir).toBe(
      resolve('/env'),
    )
    expect(parseLaunchArgs(['vigil'], { VIGIL_DATA_DIR: '' }, '/x').dataDir).toBeUndefined()
    expect(parseLaunchArgs(['vigil', '--data-dir', '--hidden'], {}, '/x')).toEqual({
      dataDir: undefined,
      hidden: true,
      launchedAtLogin: false,
    })
  })

  it('starts hidden when asked, or at login with start-minimised on', () => {
    const login = parseLaunchArgs(['vigil', '--launched-at-login'], {}, '/')
    expect(startHidden(login, true)).toBe(true)
    expect(startHidden(login, false)).toBe(false)
    const manual = parseLaunchArgs(['vigil'], {}, '/')
    expect(startHidden(manual, true)).toBe(false)
    expect(startHidden(parseLaunchArgs(['vigil', '--hidden'], {}, '/'), false)).toBe(true)
  })
})
