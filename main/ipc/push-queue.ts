/**
 * Pushes wait until the page says it has subscribed (a push sent before that is lost). While
 * waiting, state changes are kept in order but event batches are coalesced: only the newest batch
 * matters, since each one carries current counters and the page takes a snapshot anyway.
 */

import type { PushMessage } from '../services/engine-ports'

const MAX_QUEUED = 1_000

export class PushQueue {
  private ready = false
  private queued: PushMessage[] = []

  constructor(private readonly deliver: (message: PushMessage) => void) {}

  push(message: PushMessage): void {
    if (this.ready) return this.deliver(message)
    if (message.channel === 'event:batch')
      this.queued = this.queued.filter((m) => m.channel !== 'event:batch')
    this.queued.push(message)
    if (this.queued.length > MAX_QUEUED) this.queued.shift()
  }

  /** The page subscribed: deliver what waited, in order, then everything as it comes. */
  markReady(): void {
    this.ready = true
    const waiting = this.queued
    this.queued = []
    for (const message of waiting) this.deliver(message)
  }

  /** The page reloaded or navigated: hold pushes again until it re-subscribes. */
  reset(): void {
    this.ready = false
    this.queued = []
  }

  get pending(): number {
    return this.queued.length
  }
}
