/**
 * The way out of a source: sends go straight to an open connection, wait in a bounded queue while
 * a login is in flight, and are refused otherwise. Memory stays bounded both ways: the queue has
 * limits, and a socket whose peer stops reading refuses new sends past MAX_BUFFERED_BYTES. Every
 * message refused or dropped is counted in `sendDropped`.
 */

import type { SendReceipt, SourceCounters, SourceState } from '../../../shared/domain'
import { VigilError } from '../../../shared/result'
import type { Connection } from './connection'
import { SendQueue } from './send-queue'

/** Past this much unsent data on the socket, sends are refused instead of piling up in memory. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024

export class Outbox {
  private readonly queue = new SendQueue()

  constructor(private readonly counters: SourceCounters) {}

  send(
    name: string,
    state: SourceState,
    connection: Connection | undefined,
    text: string,
  ): SendReceipt {
    if (state === 'authenticating' && connection) {
      if (!this.queue.push(text)) {
        this.counters.sendDropped++
        throw new VigilError('unavailable', `the send queue of "${name}" is full`)
      }
      return { status: 'queued' }
    }
    if (state !== 'open' || connection?.phase !== 'ready') {
      throw new VigilError('not-open', `source "${name}" is not open (it is ${state})`)
    }
    if (connection.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.counters.sendDropped++
      throw new VigilError(
        'unavailable',
        `"${name}" is not draining what was sent; try again later`,
      )
    }
    connection.send(text)
    return { status: 'sent' }
  }

  /** The login succeeded: what waited goes out, in order (after the on-open messages). */
  flush(connection: Connection): void {
    for (const text of this.queue.drain()) connection.send(text)
  }

  /** The connection ended: what waited is dropped, and counted. */
  drop(): void {
    this.counters.sendDropped += this.queue.clear()
  }
}
