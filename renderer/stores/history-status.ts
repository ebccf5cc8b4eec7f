import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { HistoryStatus } from '../../shared/history-status'
import * as api from '../api'

/** Whether history keeps up (the banner's source): pushed on every change, fetched at start. */
export const useHistoryStatusStore = defineStore('history-status', () => {
  /** Null until known, and for an engine running without history. */
  const status = shallowRef<HistoryStatus | null>(null)
  let started = false
  /** Bumped by every push, so a snapshot that was asked for before it does not undo it. */
  let pushes = 0

  async function refresh(): Promise<void> {
    const before = pushes
    try {
      const snapshot = await api.getHistoryStatus()
      if (pushes === before) status.value = snapshot
    } catch (error) {
      // The banner is a courtesy; a failed snapshot waits for the next push.
      console.error(error)
    }
  }

  function start(): Promise<void> {
    if (started) return Promise.resolve()
    started = true
    api.onHistoryStatus((next) => {
      pushes++
      status.value = next
    })
    api.onReconnect(() => void refresh())
    return refresh()
  }

  return { status, start }
})
