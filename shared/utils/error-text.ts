/**
 * Anything thrown, as text for a log line or a source error. Never `String()` on it: a thrown
 * value can be anything, and `String()` itself throws on an object whose toString is not a
 * function, which would turn reporting an error into a second one.
 */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'string') return error
  if (typeof error === 'number' || typeof error === 'boolean') return String(error)
  return 'a value that is not an Error was thrown'
}
