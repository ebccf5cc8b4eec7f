import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { ClusterView } from '../../shared/cluster'
import * as api from '../api'

/**
 * The cluster this host is part of (docs/cluster.md): its name, the members and who holds each
 * source. Pushed on every change, fetched at start; `{enabled: false}` on a single host.
 */
export const useClusterStore = defineStore('cluster', () => {
  const status = shallowRef<ClusterView>({ enabled: false })
  let started = false
  /** Bumped by every push, so a snapshot that was asked for before it does not undo it. */
  let pushes = 0

  /** Source id → the member holding it; null on a single host. */
  const holders = computed(() => (status.value.enabled ? status.value.leases : null))
  /** In a cluster whose NATS server this host cannot reach: it works alone meanwhile. */
  const unreachable = computed(() => status.value.enabled && !status.value.connected)

  async function refresh(): Promise<void> {
    const before = pushes
    try {
      const snapshot = await api.getClusterStatus()
      if (pushes === before) status.value = snapshot
    } catch (error) {
      // Shown as a courtesy; a failed snapshot waits for the next push.
      console.error(error)
    }
  }

  function start(): Promise<void> {
    if (started) return Promise.resolve()
    started = true
    api.onClusterStatus((next) => {
      pushes++
      status.value = next
    })
    api.onReconnect(() => void refresh())
    return refresh()
  }

  return { status, holders, unreachable, start }
})
