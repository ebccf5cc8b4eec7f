/**
 * The colour theme: light, dark, or whatever the system uses. It is per-window UI state, so it
 * lives in localStorage rather than in the config (which an export would carry to other
 * machines). `data-theme` on <html> selects the tokens in styles/base.css.
 */

export const THEMES = ['system', 'light', 'dark'] as const
export type Theme = (typeof THEMES)[number]

export const THEME_LABELS: Record<Theme, string> = {
  system: 'Follow the system',
  light: 'Light',
  dark: 'Dark',
}

export const THEME_STORAGE_KEY = 'vigil.theme'

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value)
}

/** The stored choice; `system` when none is stored or storage is unavailable. */
export function readTheme(
  storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage,
): Theme {
  try {
    const stored = storage?.getItem(THEME_STORAGE_KEY)
    return isTheme(stored) ? stored : 'system'
  } catch {
    return 'system'
  }
}

export function writeTheme(
  theme: Theme,
  storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage,
): void {
  try {
    storage?.setItem(THEME_STORAGE_KEY, theme)
  } catch {
    // Storage can be full or disabled; the theme still applies to this window.
  }
}

export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = theme
}
