/** A minimal typed event: `onDidX(listener)` returns its own unsubscribe function. */

export type Listener<T> = (value: T) => void
export type Unsubscribe = () => void

export class Emitter<T> {
  private listeners: Listener<T>[] = []

  /** Subscribe; call the returned function to stop listening. */
  readonly event = (listener: Listener<T>): Unsubscribe => {
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
   * subscriber should never stop events reaching history or triggers), so errors are reported.
   */
  fire(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value)
      } catch (error) {
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }

  dispose(): void {
    this.listeners = []
  }
}
