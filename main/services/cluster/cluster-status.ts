/** `GET /api/cluster`'s members and leases, from what membership and the leases say. */

import type { ClusterMember } from './cluster-port'
import type { MemberRecord } from './cluster-records'

/**
 * Source id → holder name, sorted by source. This node's own name counts only for what its keeper
 * holds (`held`; null on a viewer): an entry naming it otherwise is an earlier run's lease, still
 * expiring, or one just given up.
 */
export function leasesView(
  holders: ReadonlyMap<string, string>,
  self: string,
  held: readonly string[] | null,
): Record<string, string> {
  const leases = new Map<string, string>()
  for (const [sourceId, holder] of holders)
    if (holder !== self || held === null) leases.set(sourceId, holder)
  for (const sourceId of held ?? []) leases.set(sourceId, self)
  return Object.fromEntries([...leases].sort(([a], [b]) => a.localeCompare(b)))
}

export function membersView(
  members: readonly MemberRecord[],
  leases: Readonly<Record<string, string>>,
): ClusterMember[] {
  const sourcesOf = new Map<string, string[]>()
  for (const [sourceId, holder] of Object.entries(leases))
    sourcesOf.set(holder, [...(sourcesOf.get(holder) ?? []), sourceId])
  return members.map(({ name, role, since }) => ({
    name,
    role,
    since,
    sources: sourcesOf.get(name) ?? [],
  }))
}
