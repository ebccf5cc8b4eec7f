import { defineStore } from 'pinia'
import type { HistoryStatus } from '../../shared/history-status'
import * as api from '../api'
import { pushedSnapshot } from './pushed-snapshot'

/** Whether history keeps up (the banner's source): pushed on every change, fetched at start. */
export const useHistoryStatusStore = defineStore('history-status', () => {
  /** Null until known, and for an engine running without history. */
  const { value: status, start } = pushedSnapshot<HistoryStatus | null>(
    null,
    api.getHistoryStatus,
    api.onHistoryStatus,
  )
  return { status, start }
})
