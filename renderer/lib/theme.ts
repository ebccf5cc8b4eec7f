/**
 * The colour theme: light, dark, or whatever the system uses; a setting of this window (see
 * local-setting.ts). `data-theme` on <html> selects the tokens in styles/base.css.
 */

import { localSetting } from './local-setting'

export const THEMES = ['system', 'light', 'dark'] as const
export type Theme = (typeof THEMES)[number]

export const THEME_LABELS: Record<Theme, string> = {
  system: 'Follow the system',
  light: 'Light',
  dark: 'Dark',
}

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value)
}

/** The stored choice (`system` when none is stored or storage is unavailable). */
export const themeSetting = localSetting<Theme>('vigil.theme', isTheme, 'system')

export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = theme
}
