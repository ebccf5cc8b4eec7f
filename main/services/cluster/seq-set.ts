/**
 * Which sequence numbers of one publisher have been seen: everything up to `floor`, plus the few
 * above it that came early. A publisher numbers its messages 1, 2, 3... and a retry after a
 * failure may land after later ones, so arrival is nearly but not quite in order; memory stays a
 * number and a small set.
 *
 * A gap that never fills (the publisher dropped messages from a full outage buffer) would make
 * the set grow for ever; past {@link MAX_EARLY} early numbers the floor moves up to the lowest of
 * them, giving up on that gap: a message from it arriving after that is taken for a duplicate.
 */

export const MAX_EARLY = 1_024

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
      if (this.early.size > MAX_EARLY) {
        this.floor = Math.min(...this.early) - 1
        this.absorb()
      }
    }
    return true
  }

  private absorb(): void {
    while (this.early.delete(this.floor + 1)) this.floor++
  }
}
