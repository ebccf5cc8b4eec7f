import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultShellPreferences, type ShellPreferences } from '../../shared/preferences-shell'
import { systemClock } from '../services/util/clock'
import type { Logger } from '../services/util/logger'
import { UPDATE_CHECK_INTERVAL_MS, Updates, type Updater } from './updates'

function setup(facts: { isPackaged?: boolean; hasFeed?: boolean } = {}) {
  let preferences: ShellPreferences = defaultShellPreferences()
  const updater: Updater = {
    channel: null,
    allowPrerelease: false,
    autoDownload: false,
    autoInstallOnAppQuit: false,
    checkForUpdatesAndNotify: vi.fn(() => Promise.resolve(null)),
  }
  const load = vi.fn(() => Promise.resolve(updater))
  const logs: string[] = []
  const logger: Logger = { info: (m) => logs.push(m), warn: (m) => logs.push(m), error() {} }
  const updates = new Updates({
    preferences: () => preferences,
    isPackaged: facts.isPackaged ?? true,
    hasFeed: facts.hasFeed ?? true,
    load,
    clock: systemClock,
    logger,
  })
  const setUpdates = (value: ShellPreferences['updates']) =>
    (preferences = { ...preferences, updates: value })
  return { updates, updater, load, logs, setUpdates }
}

describe('Updates', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('does nothing by default: electron-updater is not even loaded', async () => {
    const { updates, load } = setup()
    updates.apply()
    await vi.advanceTimersByTimeAsync(UPDATE_CHECK_INTERVAL_MS * 2)
    expect(load).not.toHaveBeenCalled()
  })

  it('checks on the chosen channel when enabled, then every few hours, until turned off', async () => {
    const { updates, updater, setUpdates } = setup()
    setUpdates({ enabled: true, channel: 'beta' })
    updates.apply()
    await vi.advanceTimersByTimeAsync(0)
    expect(updater).toMatchObject({ channel: 'beta', allowPrerelease: true, autoDownload: true })
    expect(updater.checkForUpdatesAndNotify).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(UPDATE_CHECK_INTERVAL_MS)
    expect(updater.checkForUpdatesAndNotify).toHaveBeenCalledTimes(2)

    setUpdates({ enabled: false, channel: 'beta' })
    updates.apply()
    await vi.advanceTimersByTimeAsync(UPDATE_CHECK_INTERVAL_MS * 3)
    expect(updater.checkForUpdatesAndNotify).toHaveBeenCalledTimes(2)
  })

  it('explains why an enabled preference does nothing in development or a feedless build', () => {
    for (const facts of [{ isPackaged: false }, { hasFeed: false }]) {
      const { updates, load, logs, setUpdates } = setup(facts)
      setUpdates({ enabled: true, channel: 'latest' })
      updates.apply()
      expect(load).not.toHaveBeenCalled()
      expect(logs[0]).toMatch(/updates are enabled, but/)
    }
  })

  it('logs a failed check and tries again later', async () => {
    const { updates, updater, logs, setUpdates } = setup()
    vi.mocked(updater.checkForUpdatesAndNotify).mockRejectedValueOnce(new Error('offline'))
    setUpdates({ enabled: true, channel: 'latest' })
    updates.apply()
    await vi.advanceTimersByTimeAsync(0)
    expect(logs).toEqual(['update check failed: offline'])
    await vi.advanceTimersByTimeAsync(UPDATE_CHECK_INTERVAL_MS)
    expect(updater.checkForUpdatesAndNotify).toHaveBeenCalledTimes(2)
    updates.dispose()
  })
})
