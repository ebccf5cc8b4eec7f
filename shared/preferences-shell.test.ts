import { describe, expect, it } from 'vitest'
import { validateConfig } from './config'
import { defaultShellPreferences } from './preferences-shell'

describe('preferences.shell', () => {
  it('defaults to a safe, quiet shell: no login item, close to tray, no plain-text secrets', () => {
    expect(defaultShellPreferences()).toEqual({
      startAtLogin: false,
      startMinimized: false,
      closeToTray: true,
      doNotDisturb: false,
      notificationSound: true,
      allowPlainTextSecrets: false,
      updates: { enabled: false, channel: 'latest' },
    })
  })

  it('keeps what is set and fills the rest', () => {
    const result = validateConfig({
      version: 1,
      preferences: { shell: { doNotDisturb: true, updates: { channel: 'beta' } } },
    })
    expect(result.ok && result.value.preferences.shell).toMatchObject({
      doNotDisturb: true,
      closeToTray: true,
      updates: { enabled: false, channel: 'beta' },
    })
  })

  it('names unknown and mistyped keys with their path', () => {
    const result = validateConfig({
      version: 1,
      preferences: { shell: { startAtLogon: true, closeToTray: 'yes' } },
    })
    expect(result.ok).toBe(false)
    const messages = !result.ok ? result.issues.map((i) => `${i.path}: ${i.message}`) : []
    expect(messages.join('\n')).toMatch(/preferences\.shell\.startAtLogon/)
    expect(messages.join('\n')).toMatch(/preferences\.shell\.closeToTray/)
  })
})
