import { defineStore } from 'pinia'
import { computed } from 'vue'
import type { ClusterView } from '../../shared/cluster'
import * as api from '../api'
import { pushedSnapshot } from './pushed-snapshot'

/**
 * The cluster this host is part of (docs/cluster.md): its name, the members and who holds each
 * source. Pushed on every change, fetched at start; `{enabled: false}` on a single host.
 */
export const useClusterStore = defineStore('cluster', () => {
  const { value: status, start } = pushedSnapshot<ClusterView>(
    { enabled: false },
    api.getClusterStatus,
    api.onClusterStatus,
  )
  /** Source id → the member holding it; null on a single host. */
  const holders = computed(() => (status.value.enabled ? status.value.leases : null))
  /** This host's node name in the cluster; null on a single host. */
  const node = computed(() => (status.value.enabled ? status.value.node : null))
  /** In a cluster whose NATS server this host cannot reach: it works alone meanwhile. */
  const unreachable = computed(() => status.value.enabled && !status.value.connected)
  return { status, holders, node, unreachable, start }
})
