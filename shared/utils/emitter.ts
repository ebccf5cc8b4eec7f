/**
 * A minimal typed event: `onDidX(listener)` returns its own unsubscribe function. An event may
 * carry a second argument (`A`) for what some listeners need and others ignore, without an object
 * allocated per fire on the hot path (an event's byte size beside the event).
 */

import { errorText } from './error-text'

/** Where a listener's failure is reported (the engine's `Logger` is one; the default is the console). */
export interface ListenerErrorSink {
  error(message: string): void
}

const consoleSink: ListenerErrorSink = { error: (message) => console.error(`[vigil] ${message}`) }

export type Listener<T, A = void> = (value: T, detail: A) => void
export type Unsubscribe = () => void

export class Emitter<T, A = void> {
  private listeners: Listener<T, A>[] = []

  /** `logger` hears what a listener throws (default: the console). */
  constructor(private readonly logger: ListenerErrorSink = consoleSink) {}

  /** Subscribe; call the returned function to stop listening. */
  readonly event = (listener: Listener<T, A>): Unsubscribe => {
    this.listeners = [...this.listeners, listener]
    return () => {
      this.listeners = this.listeners.filter((candidate) => candidate !== listener)
    }
  }

  get hasListeners(): boolean {
    return this.listeners.length > 0
  }

  /**
   * Delivers to every listener. One listener throwing must not starve the others (a broken
   * subscriber should never stop events reaching history or triggers), and its error is logged,
   * not thrown again: rethrown, even later, it would be the process's uncaught exception (a crash
   * headless, an error dialog in Electron) for a bug in one subscriber.
   */
  fire(value: T, detail: A): void {
    for (const listener of this.listeners) {
      try {
        listener(value, detail)
      } catch (error) {
        this.report(error)
      }
    }
  }

  dispose(): void {
    this.listeners = []
  }

  private report(error: unknown): void {
    try {
      const detail = error instanceof Error ? (error.stack ?? error.message) : errorText(error)
      this.logger.error(`a listener failed: ${detail}`)
    } catch {
      // A logger that throws has nowhere left to report to; the other listeners still run.
    }
  }
}
