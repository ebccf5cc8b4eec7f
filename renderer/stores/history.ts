import { defineStore } from 'pinia'
import { reactive, shallowRef } from 'vue'
import type { EventQuery, VigilEvent } from '../../shared/domain'
import type { ExportFormat, ExportRequest, ExportResult } from '../../shared/history'
import * as api from '../api'
import { errorMessage } from '../api-error'

/** Events fetched per page; older ones load on demand. */
export const HISTORY_PAGE_SIZE = 200

/** The History page's filters, as typed (times as `datetime-local` text, local time). */
export interface HistoryFilter {
  /** A source id, or '' for every source. */
  source: string
  /** The exact event type, or '' for every type. */
  type: string
  /** Text anywhere in the payload, or ''. */
  text: string
  from: string
  to: string
}

/** The search the filters describe, in the contract's terms (times as epoch ms). */
export function historyQuery(filter: HistoryFilter): Omit<EventQuery, 'limit' | 'before'> {
  const query: Omit<EventQuery, 'limit' | 'before'> = {}
  if (filter.source) query.source = filter.source
  const type = filter.type.trim()
  if (type) query.type = type
  const text = filter.text.trim()
  if (text) query.q = text
  const from = localTime(filter.from)
  if (from !== undefined) query.from = from
  const to = localTime(filter.to)
  if (to !== undefined) query.to = to
  return query
}

/** `datetime-local` text (local time) as epoch ms; undefined when empty or not a time. */
function localTime(text: string): number | undefined {
  if (!text) return undefined
  const ms = new Date(text).getTime()
  return Number.isFinite(ms) ? ms : undefined
}

/**
 * The stored events Vigil saw, searched in the engine's history (SQLite), newest first and a page
 * at a time; and exports of what a search finds. Nothing here is live: a search is a snapshot,
 * re-run on demand.
 */
export const useHistoryStore = defineStore('history', () => {
  const filter = reactive<HistoryFilter>({ source: '', type: '', text: '', from: '', to: '' })
  const events = shallowRef<readonly VigilEvent[]>([])
  /** The cursor for the next (older) page; null when the last page is shown. */
  const next = shallowRef<number | null>(null)
  const searching = shallowRef(false)
  /** A search has answered at least once (so "nothing found" can be told from "not searched"). */
  const searched = shallowRef(false)
  const error = shallowRef<string | null>(null)
  const selected = shallowRef<VigilEvent | null>(null)
  const exporting = shallowRef<ExportFormat | null>(null)
  const lastExport = shallowRef<ExportResult | null>(null)
  const exportError = shallowRef<string | null>(null)

  /** The filters of the search on screen: paging and exports follow them, not later edits. */
  const shown = shallowRef<Omit<EventQuery, 'limit' | 'before'>>({})
  let seq = 0

  async function search(): Promise<void> {
    const mine = ++seq
    const query = historyQuery(filter)
    searching.value = true
    error.value = null
    try {
      const page = await api.searchEvents({ ...query, limit: HISTORY_PAGE_SIZE })
      if (mine !== seq) return
      shown.value = query
      events.value = page.events
      next.value = page.next
      selected.value = page.events[0] ?? null
      searched.value = true
    } catch (failure) {
      if (mine !== seq) return
      error.value = errorMessage(failure)
    } finally {
      if (mine === seq) searching.value = false
    }
  }

  async function loadOlder(): Promise<void> {
    const before = next.value
    if (before === null || searching.value) return
    const mine = ++seq
    searching.value = true
    error.value = null
    try {
      const page = await api.searchEvents({ ...shown.value, before, limit: HISTORY_PAGE_SIZE })
      if (mine !== seq) return
      events.value = [...events.value, ...page.events]
      next.value = page.next
    } catch (failure) {
      if (mine !== seq) return
      error.value = errorMessage(failure)
    } finally {
      if (mine === seq) searching.value = false
    }
  }

  function select(event: VigilEvent): void {
    selected.value = event
  }

  /** What an export of the search on screen asks for (every match, oldest first). */
  function exportRequest(format: ExportFormat): ExportRequest {
    return { kind: 'events', format, ...shown.value }
  }

  /** Writes every event the search on screen matches into the data folder's exports. */
  async function exportEvents(format: ExportFormat): Promise<void> {
    exporting.value = format
    exportError.value = null
    lastExport.value = null
    try {
      lastExport.value = await api.exportHistory(exportRequest(format))
    } catch (failure) {
      exportError.value = errorMessage(failure)
    } finally {
      exporting.value = null
    }
  }

  return {
    filter,
    events,
    next,
    searching,
    searched,
    error,
    selected,
    exporting,
    lastExport,
    exportError,
    search,
    loadOlder,
    select,
    exportRequest,
    exportEvents,
  }
})
