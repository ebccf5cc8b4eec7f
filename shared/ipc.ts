/**
 * The one contract between the engine and the UI, carried by Electron IPC (preload bridge) or by
 * the headless host's websocket bridge. Adding a channel: see the README's recipe.
 *
 * - `Invokes`: requests from the UI, answered with a Result envelope (see result.ts).
 * - `Events`: pushes from the engine. Never one push per event: event data travels in batches.
 * - The registries below are checked by the compiler against the two maps, so a channel cannot be
 *   declared without being registered, or registered without being declared.
 */

import type { Config, ConfigInput } from './config'
import type { SourceConfigInput } from './source-config'
import type { AppInfo, EventBatch, EventQuery, SourceView, VigilEvent } from './domain'
import type { CatalogueEntry, CatalogueQuery } from './catalogue'
import type { ConfigExport, ImportPreview } from './config-transfer'
import type { EventPage, ExportRequest, ExportResult } from './history'
import type { RecordingInfo, ReplayRequest } from './recording'

export interface Invokes {
  'app:info': () => AppInfo
  'source:list': () => SourceView[]
  /** Adds the source, or replaces the settings of the one with the same id. */
  'source:save': (source: SourceConfigInput) => SourceView
  'source:remove': (id: string) => null
  'source:connect': (id: string) => SourceView
  'source:disconnect': (id: string) => SourceView
  'event:recent': (query: EventQuery) => VigilEvent[]
  'config:get': () => Config
  'config:replace': (config: ConfigInput) => Config
  /** Searches history (source, type, time, text), newest first; `next` pages on. */
  'event:search': (query: EventQuery) => EventPage
  /** Writes an export into `<data-dir>/exports/` (the Electron shell may offer a save dialog). */
  'history:export': (request: ExportRequest) => ExportResult
  /** The config document and the secret references it needs on another machine. */
  'config:export': () => ConfigExport
  /** Validates a document and says what importing it would add, change and remove. */
  'config:preview-import': (document: unknown) => ImportPreview
  /** Validates (migrating an older version) and applies a document atomically. */
  'config:import': (document: unknown) => Config
  'recording:start': (sourceId: string) => RecordingInfo
  'recording:stop': (sourceId: string) => RecordingInfo
  'recording:list': () => RecordingInfo[]
  /** Adds a source that replays a recording (`sim://replay/<id>?speed=N`). */
  'recording:replay': (request: ReplayRequest) => SourceView
  /** Field paths seen per source and event type, with types, samples and last-seen times. */
  'catalogue:get': (query: CatalogueQuery) => CatalogueEntry[]
}

export interface Events {
  /** A source's settings or lifecycle state changed (not sent for counters: see `event:batch`). */
  'source:changed': SourceView
  'source:removed': { id: string }
  /** Recent events and source counters, at most ~20 times a second. */
  'event:batch': EventBatch
}

export type InvokeChannel = keyof Invokes
export type EventChannel = keyof Events
export type InvokeArgs<K extends InvokeChannel> = Parameters<Invokes[K]>
export type InvokeResult<K extends InvokeChannel> = ReturnType<Invokes[K]>

export const invokeChannels = {
  'app:info': true,
  'source:list': true,
  'source:save': true,
  'source:remove': true,
  'source:connect': true,
  'source:disconnect': true,
  'event:recent': true,
  'config:get': true,
  'config:replace': true,
  'event:search': true,
  'history:export': true,
  'config:export': true,
  'config:preview-import': true,
  'config:import': true,
  'recording:start': true,
  'recording:stop': true,
  'recording:list': true,
  'recording:replay': true,
  'catalogue:get': true,
} as const satisfies Record<InvokeChannel, true>

export const eventChannels = {
  'source:changed': true,
  'source:removed': true,
  'event:batch': true,
} as const satisfies Record<EventChannel, true>

const hasOwn = Object.prototype.hasOwnProperty

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && hasOwn.call(invokeChannels, value)
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && hasOwn.call(eventChannels, value)
}

/** Upper bound on any single batch sent to the UI; older events in a burst are counted, not sent. */
export const MAX_EVENTS_PER_BATCH = 500
/** Minimum spacing of `event:batch` pushes (20 per second at most). */
export const BATCH_INTERVAL_MS = 50
