/**
 * The engine's log port. Messages are plain text for people; callers never pass secrets, and
 * source URLs are logged through `redactUrl` so query-string tokens stay out of logs.
 */

export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

export const consoleLogger: Logger = {
  info: (message) => console.log(`[vigil] ${message}`),
  warn: (message) => console.warn(`[vigil] ${message}`),
  error: (message) => console.error(`[vigil] ${message}`),
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} }

/** Drops credentials and query values from a URL before it is logged or shown in an error. */
export function redactUrl(text: string): string {
  if (!URL.canParse(text)) return '(invalid URL)'
  const url = new URL(text)
  if (url.username || url.password) {
    url.username = url.username ? '***' : ''
    url.password = url.password ? '***' : ''
  }
  for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, '***')
  return url.toString()
}
