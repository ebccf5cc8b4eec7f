/**
 * Which leases a member should try to take and which it should give up, from what it knows of the
 * cluster. Pure: the lease keeper runs it on every scan and carries it out.
 *
 * Members spread the sources between them by fair share: nobody holds more than
 * `ceil(sources / members)` for long. A member below its share tries the free sources; one above
 * it (a member joined) gives up the excess, one per scan, so a newcomer's share moves over
 * gradually. Availability comes first, though: a source left free for a whole scan is taken by a
 * member even beyond its share (one per scan), and the excess is given back later.
 * Each member tries free sources in its own order (a hash of its name and the source id,
 * rendezvous-style), so members starting together mostly reach for different sources rather than
 * all racing for the first; the KV's create-if-absent decides any race that remains. It releases
 * in the reverse of that order, so what it keeps is stable from scan to scan.
 */

import { createHash } from 'node:crypto'

export interface LeasePlanInput {
  self: string
  /** The sources that should be held by somebody (enabled in the config). */
  wanted: readonly string[]
  /** The sources this member holds. */
  held: ReadonlySet<string>
  /** The sources anybody holds with a live lease (this member included). */
  taken: ReadonlySet<string>
  /** Names of the live members that may hold (role `member`); self included. */
  members: readonly string[]
  /**
   * Free sources nobody took for a whole scan: their holder died and its share has not been
   * redistributed yet (its membership outlives its leases a little). One of these may be taken
   * beyond the fair share per scan, so a dead member's sources never wait for the member list.
   */
  longFree: ReadonlySet<string>
  /** False while a member waits for earlier holders to reclaim their leases (after a (re)connect). */
  mayAcquire: boolean
}

export interface LeasePlan {
  acquire: string[]
  release: string[]
}

export function fairShare(sources: number, members: number): number {
  return Math.ceil(sources / Math.max(1, members))
}

export function planLeases(input: LeasePlanInput): LeasePlan {
  const wanted = new Set(input.wanted)
  const mine = [...input.held]
  const unwanted = mine.filter((id) => !wanted.has(id))
  const kept = byAffinity(
    input.self,
    mine.filter((id) => wanted.has(id)),
  )
  const memberCount = new Set([...input.members, input.self]).size
  const share = fairShare(wanted.size, memberCount)
  const release = [...unwanted]
  // Give up one excess source per scan, the one this member is least attached to.
  if (kept.length > share && memberCount > 1) release.push(kept[kept.length - 1]!)
  const room = share - kept.length
  const free = input.wanted.filter((id) => !input.taken.has(id) && !input.held.has(id))
  if (!input.mayAcquire) return { acquire: [], release }
  const ordered = byAffinity(input.self, free)
  const acquire = room > 0 ? ordered.slice(0, room) : []
  const orphan = ordered.find((id) => input.longFree.has(id) && !acquire.includes(id))
  if (orphan !== undefined && room <= 0) acquire.push(orphan)
  return { acquire, release }
}

/** Highest affinity first: a stable, per-member order of the sources. */
function byAffinity(self: string, sources: readonly string[]): string[] {
  return sources
    .map((id) => ({ id, weight: affinity(self, id) }))
    .sort((a, b) => (a.weight < b.weight ? 1 : a.weight > b.weight ? -1 : 0))
    .map(({ id }) => id)
}

function affinity(self: string, sourceId: string): string {
  return createHash('sha256').update(`${self}\u0000${sourceId}`).digest('hex').slice(0, 16)
}
