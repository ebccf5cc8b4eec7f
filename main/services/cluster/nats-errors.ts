/** Telling apart the NATS errors Vigil acts on. */

import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream'

/**
 * A compare-and-set write refused because the key is no longer at the expected revision (another
 * writer came first, or the entry expired): the signal for a conflict, and for a lost lease.
 */
export function isWrongLastSequence(error: unknown): boolean {
  return (
    error instanceof JetStreamApiError &&
    (error.code === JetStreamApiCodes.StreamWrongLastSequence ||
      error.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  )
}
