/**
 * What a reader of the events stream keeps per source to apply the two rules that make a
 * holder's publishing safe to repeat and to outlive:
 *
 * - **Fencing.** A lease's epoch is the KV revision at which its holder created it, so a newer
 *   lease has a larger epoch. Each reader tracks, in stream order, the largest epoch seen for a
 *   source (from lease markers and events). An event stamped with an older epoch arrived after a
 *   newer holder began: it is ignored, unless its holder marked it as received while its lease
 *   was certainly still valid (then no other member can have held the source at the time, and
 *   the event is no duplicate of anything the new holder saw).
 * - **De-duplication.** Within an epoch the holder numbers its events; a number seen before is a
 *   retry or a republish that the server's duplicate window did not catch (an outage longer than
 *   the window, or a redelivery to this reader), and is dropped.
 *
 * Memory: per source, the current epoch and the sequence sets of its last {@link KEPT_EPOCHS}
 * epochs.
 */

import { SeqSet } from './seq-set'

export const KEPT_EPOCHS = 4

export type FenceVerdict = 'accept' | 'duplicate' | 'fenced'

interface SourceFence {
  epoch: number
  seen: Map<number, SeqSet>
}

export class EventFence {
  private readonly sources = new Map<string, SourceFence>()

  /** A lease marker: from here on in the stream, `epoch` is the newest lease of `sourceId`. */
  marker(sourceId: string, epoch: number): void {
    const fence = this.fenceOf(sourceId)
    fence.epoch = Math.max(fence.epoch, epoch)
  }

  judge(sourceId: string, epoch: number, seq: number, inLease: boolean): FenceVerdict {
    const fence = this.fenceOf(sourceId)
    if (epoch < fence.epoch && !inLease) return 'fenced'
    fence.epoch = Math.max(fence.epoch, epoch)
    let seen = fence.seen.get(epoch)
    if (!seen) {
      seen = new SeqSet()
      fence.seen.set(epoch, seen)
      if (fence.seen.size > KEPT_EPOCHS) fence.seen.delete(Math.min(...fence.seen.keys()))
    }
    return seen.add(seq) ? 'accept' : 'duplicate'
  }

  private fenceOf(sourceId: string): SourceFence {
    let fence = this.sources.get(sourceId)
    if (!fence) {
      fence = { epoch: 0, seen: new Map() }
      this.sources.set(sourceId, fence)
    }
    return fence
  }
}
