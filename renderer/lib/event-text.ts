import type { VigilEvent } from '../../shared/domain'

const PREVIEW_CHARS = 240

// Events are immutable once received, so their text is worked out once. Filtering the window on
// every batch would otherwise re-serialise thousands of payloads 20 times a second.
const previews = new WeakMap<VigilEvent, string>()
const searchTexts = new WeakMap<VigilEvent, string>()
const sizes = new WeakMap<VigilEvent, number>()

function serialise(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** The payload on one line, cut short: what a list row shows. */
export function payloadPreview(event: VigilEvent): string {
  let text = previews.get(event)
  if (text === undefined) {
    text = serialise(event.payload).replace(/\s+/g, ' ').slice(0, PREVIEW_CHARS)
    previews.set(event, text)
  }
  return text
}

/** Lower-cased type and payload, for the free-text filter. */
export function searchText(event: VigilEvent): string {
  let text = searchTexts.get(event)
  if (text === undefined) {
    text = `${event.type} ${serialise(event.payload)}`.toLowerCase()
    searchTexts.set(event, text)
  }
  return text
}

/**
 * About what the event costs to hold: its payload's JSON length (the page is not told the frame's
 * size, and a snapshot's events never carried one). For the live window's byte budget.
 */
export function eventSize(event: VigilEvent): number {
  let size = sizes.get(event)
  if (size === undefined) {
    size = serialise(event.payload).length
    sizes.set(event, size)
  }
  return size
}
