/**
 * What a host shows of the cluster it is part of (docs/cluster.md): `GET /api/cluster`, the
 * `cluster:status` invoke and push. A public interface: only additive changes.
 */

export type ClusterRole = 'member' | 'viewer'

/** One host of the cluster, as `GET /api/cluster` lists it. */
export interface ClusterMember {
  name: string
  role: ClusterRole
  /** When it joined (epoch ms, its own clock). */
  since: number
  /** The sources it holds. */
  sources: string[]
}

/**
 * What the UI is shown (`cluster:status`): the REST answer, plus what it should tell the user
 * about this host's config on joining (it differed from the cluster's, or the cluster has none).
 */
export type ClusterView = ClusterStatus & { configNotice?: string }

/** `GET /api/cluster`, exactly. */
export type ClusterStatus =
  | { enabled: false }
  | {
      enabled: true
      node: string
      role: ClusterRole
      connected: boolean
      members: ClusterMember[]
      /** Source id → the name of the member holding it; a source nobody holds is absent. */
      leases: Record<string, string>
    }
