/**
 * Which sequence numbers of one publisher have been seen: everything up to `floor`, plus the few
 * above it that came early. A publisher numbers its events 1, 2, 3... and a retry after a
 * failure may land after later ones (up to the events it keeps in flight, publish-queue.ts), so
 * arrival is nearly but not quite in order; memory stays a number and a bounded set.
 *
 * A gap that never fills (the publisher dropped messages from a full outage buffer) would make
 * the set grow for ever; past {@link MAX_EARLY} early numbers the floor moves up to the middle
 * one, giving up on the gaps below it: a number from them arriving after that is taken for a
 * duplicate. Half the set goes at once, so even a stream of nothing but gaps costs one sort per
 * `MAX_EARLY / 2` numbers. At most about 1 MB per publisher's epoch, while a gap lasts.
 */

export const MAX_EARLY = 32_768

export class SeqSet {
  private floor = 0
  private readonly early = new Set<number>()

  /** Records `seq`; answers false if it was seen before. */
  add(seq: number): boolean {
    if (seq <= this.floor || this.early.has(seq)) return false
    if (seq === this.floor + 1) {
      this.floor = seq
      this.absorb()
    } else {
      this.early.add(seq)
      if (this.early.size > MAX_EARLY) this.giveUp()
    }
    return true
  }

  private giveUp(): void {
    const sorted = [...this.early].sort((a, b) => a - b)
    this.floor = sorted[sorted.length >> 1]!
    for (const seq of sorted) {
      if (seq > this.floor) break
      this.early.delete(seq)
    }
    this.absorb()
  }

  private absorb(): void {
    while (this.early.delete(this.floor + 1)) this.floor++
  }
}
