/**
 * `preferences.shell` in config v1: how the desktop shell behaves (tray, login, notifications,
 * secrets, updates). The headless host ignores them. Every key has a default, so a config without
 * them (every config written before this key existed) reads as the defaults. Window size and
 * position are machine state, not preferences: the shell keeps them in `window-state.json` beside
 * the config, so an exported config does not carry one screen's geometry to another.
 */

import { z } from 'zod'

export const UPDATE_CHANNELS = ['latest', 'beta'] as const
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number]

export const shellPreferencesSchema = z.strictObject({
  /** Launch Vigil when the user logs in (login item on Windows and macOS, XDG autostart on Linux). */
  startAtLogin: z.boolean().default(false),
  /** When launched at login, start in the tray without showing the window. */
  startMinimized: z.boolean().default(false),
  /** Closing the window hides it to the tray and sources keep running; Quit (tray menu) quits. */
  closeToTray: z.boolean().default(true),
  /** Hold back native notifications, except critical ones; they are still logged and listed. */
  doNotDisturb: z.boolean().default(false),
  /** Native notifications play the operating system's notification sound (low urgency never does). */
  notificationSound: z.boolean().default(true),
  /**
   * Where the OS offers no keyring (Linux without a Secret Service or KWallet), store secrets
   * obfuscated with a fixed key instead of refusing to store them. Off: the safe default.
   */
  allowPlainTextSecrets: z.boolean().default(false),
  updates: z
    .strictObject({
      /** Check for updates at start and every few hours (only in builds that carry an update feed). */
      enabled: z.boolean().default(false),
      channel: z.enum(UPDATE_CHANNELS).default('latest'),
    })
    .prefault({}),
})

export type ShellPreferences = z.output<typeof shellPreferencesSchema>
export type ShellPreferencesInput = z.input<typeof shellPreferencesSchema>

export function defaultShellPreferences(): ShellPreferences {
  return shellPreferencesSchema.parse({})
}
