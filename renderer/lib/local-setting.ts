/**
 * A setting of this window only (theme, sounds), kept in localStorage rather than in the config,
 * which an export would carry to other machines. Storage may be disabled or full: reading then
 * gives the fallback, and writing fails quietly (the setting still applies to this window).
 */

export interface LocalSetting<T> {
  readonly key: string
  read(storage?: Pick<Storage, 'getItem'>): T
  write(value: T, storage?: Pick<Storage, 'setItem'>): void
}

export function localSetting<T extends string>(
  key: string,
  isValid: (value: unknown) => value is T,
  fallback: T,
): LocalSetting<T> {
  return {
    key,
    read(storage = globalThis.localStorage) {
      try {
        const stored = storage?.getItem(key)
        return isValid(stored) ? stored : fallback
      } catch {
        return fallback
      }
    },
    write(value, storage = globalThis.localStorage) {
      try {
        storage?.setItem(key, value)
      } catch {
        // Disabled or full: the choice lasts as long as this window.
      }
    },
  }
}
