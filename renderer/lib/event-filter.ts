import type { VigilEvent } from '../../shared/domain'
import { searchText } from './event-text'

/** What Live events is narrowed to; '' in a field means no narrowing by it. */
export interface LiveEventFilter {
  /** A source id, or '' for every source. */
  source: string
  /** Part of the event type, any case; '' for every type. */
  type: string
  /** Part of the type or payload JSON, any case. */
  text: string
}

export const emptyFilter = (): LiveEventFilter => ({ source: '', type: '', text: '' })

/** Whether the filter narrows by anything but the source (what counters cannot count). */
export function filtersContent(filter: LiveEventFilter): boolean {
  return filter.type.trim() !== '' || filter.text.trim() !== ''
}

/** A test for the filter, worked out once per filter; null when it lets everything through. */
export function eventMatcher(filter: LiveEventFilter): ((event: VigilEvent) => boolean) | null {
  const source = filter.source
  const type = filter.type.trim().toLowerCase()
  const text = filter.text.trim().toLowerCase()
  if (!source && !type && !text) return null
  return (event) =>
    (!source || event.sourceId === source) &&
    (!type || event.type.toLowerCase().includes(type)) &&
    (!text || searchText(event).includes(text))
}
