/**
 * What the builder suggests for a draft (its sources and types): field paths with their kinds and
 * sample values, and the event types known so far. From the engine's field catalogue first, then
 * the presets' descriptors of the sources' presets (known before any event arrives), then recent
 * events (the live window and, for the chosen types, the engine's buffers), which also give the
 * sample event templates are previewed against (see lib/preview-sample.ts for which one).
 */

import { storeToRefs } from 'pinia'
import { computed, onScopeDispose, shallowRef, watch, type Ref } from 'vue'
import type { VigilEvent } from '../../../shared/domain'
import { eventSelector, selects } from '../../../shared/event-selector'
import { catalogueFields, catalogueTypes } from '../../lib/catalogue-fields'
import { mergeSuggestions, suggestFields, typesSeen } from '../../lib/field-suggestions'
import { presetFields, presetTypes } from '../../lib/preset-fields'
import { suggestedTypes } from '../../lib/suggested-types'
import { useSourcesStore } from '../../stores/sources'
import { mergeNewest } from '../../lib/event-window'
import { conditionMatcher, pickSample, type PreviewSample } from '../../lib/preview-sample'
import type { Draft } from '../../lib/trigger-draft'
import { useLiveEventsStore } from '../../stores/live-events'
import { useTriggersStore } from '../../stores/triggers'

const SAMPLE_SIZE = 400
/** The live window changes 20 times a second; suggestions follow it at a calmer pace. */
const LIVE_REFRESH_MS = 2_000
const PER_TYPE = 200
const MAX_TYPES_FETCHED = 5

function fits(draft: Pick<Draft, 'sources' | 'events'>): (event: VigilEvent) => boolean {
  const sources = draft.sources.length > 0 ? new Set(draft.sources) : null
  const selectors = draft.events.map(eventSelector)
  return (event) =>
    (sources === null || sources.has(event.sourceId)) &&
    (selectors.length === 0 || selectors.some((s) => selects(s, event.type, event.payload)))
}

/** The event a builder opened from Live events was launched from (the hand-off's `event`). */
export interface LaunchEvent {
  id: number
  source?: string
  type?: string
}

export function useTriggerSamples(draft: Ref<Draft>, launch: LaunchEvent | null = null) {
  const triggers = useTriggersStore()
  const { events: liveEvents } = storeToRefs(useLiveEventsStore())
  const { list: savedTriggers, catalogue, presets } = storeToRefs(triggers)
  const { list: sourceList } = storeToRefs(useSourcesStore())
  /** The presets of the draft's sources (of every source when it listens to all). */
  const presetIds = computed(() => {
    const chosen = draft.value.sources
    return new Set(
      sourceList.value
        .filter((source) => chosen.length === 0 || chosen.includes(source.id))
        .map((source) => source.preset),
    )
  })
  const fetched = shallowRef<readonly VigilEvent[]>([])
  const chosen = shallowRef<VigilEvent | null>(null)
  const live = shallowRef<readonly VigilEvent[]>(liveEvents.value)
  let liveAt = Date.now()
  let liveTimer: ReturnType<typeof setTimeout> | undefined
  watch(liveEvents, (events) => {
    const wait = liveAt + LIVE_REFRESH_MS - Date.now()
    clearTimeout(liveTimer)
    if (wait <= 0) {
      live.value = events
      liveAt = Date.now()
    } else {
      liveTimer = setTimeout(() => {
        live.value = liveEvents.value
        liveAt = Date.now()
      }, wait)
    }
  })

  const selection = computed(() =>
    JSON.stringify({ sources: draft.value.sources, events: draft.value.events }),
  )

  let seq = 0
  async function fetchSamples(): Promise<void> {
    const mine = ++seq
    const { sources, events } = draft.value
    const source = sources.length === 1 ? sources[0] : undefined
    const types = events.slice(0, MAX_TYPES_FETCHED).map((name) => eventSelector(name).type)
    const queries =
      types.length > 0
        ? types.map((type) => ({ type, limit: PER_TYPE, ...(source ? { source } : {}) }))
        : [{ limit: SAMPLE_SIZE, ...(source ? { source } : {}) }]
    try {
      const answers = await Promise.all(queries.map((query) => triggers.sampleEvents(query)))
      if (mine !== seq) return
      fetched.value = answers.reduce<VigilEvent[]>(
        (all, list) => mergeNewest(all, list, SAMPLE_SIZE),
        [],
      )
    } catch {
      // Suggestions are a help, not a requirement: the live window still feeds them.
      if (mine === seq) fetched.value = []
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined
  watch(
    selection,
    () => {
      clearTimeout(timer)
      timer = setTimeout(() => void fetchSamples(), 250)
    },
    { immediate: true },
  )

  const samples = computed(() => {
    const test = fits(draft.value)
    const recent = live.value.filter(test).slice(0, SAMPLE_SIZE)
    return mergeNewest(recent, fetched.value.filter(test), SAMPLE_SIZE)
  })

  const fields = computed(() =>
    mergeSuggestions(
      catalogueFields(catalogue.value, draft.value),
      presetFields(presets.value, presetIds.value, draft.value.events),
      suggestFields(samples.value),
    ),
  )

  const knownTypes = computed(() => {
    const sources = draft.value.sources
    const recent = sources.length
      ? live.value.filter((event) => sources.includes(event.sourceId))
      : live.value
    return suggestedTypes(sources, {
      chosen: draft.value.events,
      catalogued: catalogueTypes(catalogue.value, sources),
      seen: typesSeen([...recent, ...fetched.value]),
      documented: presetTypes(presets.value, presetIds.value),
      triggers: savedTriggers.value,
    })
  })

  // The event the builder was opened from, found among the events at hand or fetched once.
  const launching = shallowRef<VigilEvent | null>(null)
  async function findLaunching(): Promise<void> {
    if (!launch) return
    const near = [...live.value, ...fetched.value].find((event) => event.id === launch.id)
    if (near) {
      launching.value = near
      return
    }
    try {
      const query = { limit: 10_000, ...(launch.source ? { source: launch.source } : {}) }
      const events = await triggers.sampleEvents(
        launch.type ? { ...query, type: launch.type } : query,
      )
      launching.value ??= events.find((event) => event.id === launch.id) ?? null
    } catch {
      // The preview then uses the newest match instead.
    }
  }
  void findLaunching()

  // The condition as a preview test; a draft that cannot compile yet previews the newest event.
  const matcher = computed(() => conditionMatcher(draft.value.condition))
  /** One sample at a time, kept while it is still a good one, so previews hold still (B6). */
  const preview = shallowRef<PreviewSample | null>(null)
  watch(
    [samples, chosen, launching, matcher],
    () => {
      preview.value = pickSample({
        chosen: chosen.value,
        launching: launching.value,
        current: preview.value,
        samples: samples.value,
        fits: fits(draft.value),
        matches: matcher.value,
      })
    },
    { immediate: true },
  )
  const sampleEvent = computed(() => preview.value?.event ?? null)
  const sampleReason = computed(() => preview.value?.reason ?? null)

  function useSample(event: VigilEvent): void {
    chosen.value = event
  }

  onScopeDispose(() => {
    clearTimeout(timer)
    clearTimeout(liveTimer)
  })

  return { fields, knownTypes, samples, sampleEvent, sampleReason, useSample }
}
