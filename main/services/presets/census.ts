/**
 * PlanetSide 2 Census event stream (ESS). Facts it rests on (../shared/protocols.md):
 * - events arrive as `{"payload":{...},"service":"event","type":"serviceMessage"}`; the event is
 *   the inner payload and its type is `payload.event_name` (answers to echo or recentCharacterIds
 *   travel in the same envelope without an event_name: they are control frames);
 * - `{"type":"heartbeat",...}` arrives about every 30 s and proves the channel is alive; clients
 *   treat 30+ s without one as a dead connection (here the interval plus a few seconds' slack);
 * - subscriptions are per connection, so the subscribe goes out on every connect, and again
 *   periodically because the server has been seen altering live ones; each gets an echo, compared
 *   with what was asked (but for a clearSubscribe's: it shows the subscription emptied, and a
 *   live edit's clear is followed by the new subscribe, whose echo is the one to judge);
 * - `"worlds":["all"]` is unreliable for world events, so those get the known world ids of the
 *   environment the URL names (`censusSubscription`);
 * - the stream sends the same event more than once: repeats of a payload within a few seconds
 *   are dropped, whatever their envelope, except GainExperience, where identical events are
 *   legitimate;
 * - clients reconnect after 2-5 s, so no retry comes sooner than 2 s;
 * - a rejected service id answers the upgrade with HTTP 403;
 * - `{"error": ...}` answers a message the service could not act on.
 */

import { censusDescriptor, type CensusOptions } from '../../../shared/presets/census'
import type { CensusEnvironment } from '../../../shared/presets/census-worlds'
import {
  censusEnvironment,
  censusSubscribeMessage,
  censusSubscription,
} from '../../../shared/presets/census-subscription'
import { CENSUS_ENVELOPE, censusFingerprintBytes } from './census-envelope'
import { checkSubscriptionEcho, isEmptiedEcho } from './census-subscription-check'
import { DuplicateFilter } from './duplicate-filter'
import type { PresetContext, PresetFor } from './preset'

export const SUBSCRIPTION_MISMATCH = 'subscription-mismatch'

/** Slack past the heartbeat interval for a heartbeat late on a busy server or network. */
export const HEARTBEAT_MARGIN_MS = 5_000
/** Silence used when heartbeats are not watched (no cadence in the options to go by). */
const UNWATCHED_SILENCE_MS = 65_000

/** No heartbeat for this long means a dead connection (0: heartbeats not watched). */
function heartbeatWindow(options: CensusOptions): number {
  return options.heartbeatIntervalMs === 0 ? 0 : options.heartbeatIntervalMs + HEARTBEAT_MARGIN_MS
}

/** Whether a message sent is a clearSubscribe (sends are few: parsing them costs nothing). */
function isClearSubscribe(text: string): boolean {
  if (!text.includes('clearSubscribe')) return false
  try {
    const message: unknown = JSON.parse(text)
    return (
      message !== null &&
      typeof message === 'object' &&
      (message as { action?: unknown }).action === 'clearSubscribe'
    )
  } catch {
    return false
  }
}

/** Types a few names long (the default is one) compared as strings, not hashed for a Set. */
const EXEMPT_BY_COMPARISON = 8

/** Whether an event type is exempt from the duplicate filter. Per event: a few comparisons. */
function exemptTest(names: readonly string[]): (type: string) => boolean {
  if (names.length > EXEMPT_BY_COMPARISON) {
    const exempt = new Set(names)
    return (type) => exempt.has(type)
  }
  const list = [...names]
  return (type) => {
    for (let i = 0; i < list.length; i++) if (list[i] === type) return true
    return false
  }
}

interface CensusFrame {
  type?: unknown
  payload?: unknown
  error?: unknown
}

function environmentOf({ source, options }: PresetContext<CensusOptions>): CensusEnvironment {
  return censusEnvironment(source.url, options)
}

function subscribeMessages(context: PresetContext<CensusOptions>) {
  const subscribe = censusSubscribeMessage(context.options, environmentOf(context))
  return subscribe === null ? [] : [subscribe]
}

/** Live changes keep the URL (a new one reconnects), so `before` is read against `after`'s. */
function sameSubscription(before: CensusOptions, after: PresetContext<CensusOptions>): boolean {
  const was = censusSubscribeMessage(before, censusEnvironment(after.source.url, before))
  return (
    JSON.stringify(was) ===
    JSON.stringify(censusSubscribeMessage(after.options, environmentOf(after)))
  )
}

export const censusPreset: PresetFor<'census'> = {
  id: censusDescriptor.id,
  defaultEventTypePath: censusDescriptor.defaultEventTypePath,
  defaults: {
    // Any frame counts here, heartbeats included, so this is the backstop: a margin past the
    // heartbeat window, whose more specific "no heartbeat" wins when both would fire.
    silenceMs: ({ options }) =>
      options.heartbeatIntervalMs === 0
        ? UNWATCHED_SILENCE_MS
        : heartbeatWindow(options) + HEARTBEAT_MARGIN_MS,
    // Clients reconnect after 2-5 s: the first retry falls in that range, and none comes sooner.
    reconnect: { initialMs: 5_000, floorMs: 2_000 },
    heartbeatTimeoutMs: ({ options }) => heartbeatWindow(options),
    frameEnvelope: CENSUS_ENVELOPE,
    auth: ({ options }) =>
      options.serviceIdSecretRef === undefined
        ? undefined
        : {
            settings: { type: 'query', param: 'service-id', secret: options.serviceIdSecretRef },
          },
    onOpen: (context) => subscribeMessages(context),
    repeat: (context) => {
      const { options } = context
      const messages = subscribeMessages(context)
      if (options.resubscribeMs === 0 || messages.length === 0) return null
      return { intervalMs: options.resubscribeMs, messages }
    },
    explain: (facts) => {
      if (facts.kind === 'refused' && facts.status === 403)
        return {
          message:
            'service id rejected: the Census service does not accept this service id ' +
            '(check it, or register one at census.daybreakgames.com)',
          kind: 'auth',
          hard: true,
        }
      return undefined
    },
    liveChange: (before, after) => {
      if (before.serviceIdSecretRef !== after.options.serviceIdSecretRef) return null
      if (sameSubscription(before, after)) return []
      // Subscriptions add up on the server: clear, then subscribe afresh (the session then sends
      // the source's own onOpen, as a reconnect would).
      return [
        { service: 'event', action: 'clearSubscribe', all: 'true' },
        ...subscribeMessages(after),
      ]
    },
  },
  createClassifier: (context: PresetContext<CensusOptions>) => {
    const { options, typeOf, customTypePath } = context
    const asked = censusSubscription(options, environmentOf(context))
    const duplicates = new DuplicateFilter(options.dedupeWindowMs)
    const isExempt = exemptTest(options.dedupeExempt)
    // Echoes come in the order of the requests. While a live change's clear is unanswered, echoes
    // are not judged: an echo that arrives first answers a subscribe sent before the change (under
    // the old options: the first subscribe, when an edit follows the opening at once), and the
    // clear's own echo shows the subscription emptied. The emptied echo ends the wait; a new
    // connection does too, since echoes owed on the last one never come. So a check can be
    // missed, never a false warning given.
    let pendingClears = 0
    return {
      sent(text) {
        if (isClearSubscribe(text)) pendingClears++
      },
      opened() {
        pendingClears = 0
      },
      classify(frame, sink, at, raw) {
        if (frame === null || typeof frame !== 'object') return sink.control(frame)
        const census = frame as CensusFrame
        if (census.type === 'serviceMessage') {
          const payload = census.payload
          const name =
            payload !== null && typeof payload === 'object'
              ? (payload as { event_name?: unknown }).event_name
              : undefined
          if (typeof name === 'string') {
            // Read once: at the preset's own path the type is the name just read (the reader
            // types an empty one `unknown`).
            const type = customTypePath || name === '' ? typeOf(payload) : name
            // A repeat is the same payload again, in whatever envelope.
            if (
              !isExempt(type) &&
              duplicates.isRepeat(censusFingerprintBytes(raw, payload, frame), at)
            )
              return sink.duplicate()
            return sink.event(type, payload, 'payload')
          }
          return sink.control(frame)
        }
        if (census.type === 'heartbeat') return sink.heartbeat()
        const echo = checkSubscriptionEcho(asked, frame)
        if (echo.echo) {
          if (pendingClears === 0) sink.notice(SUBSCRIPTION_MISMATCH, echo.mismatch)
          else if (isEmptiedEcho(frame)) pendingClears--
          return sink.control(frame)
        }
        if (typeof census.error === 'string') return sink.error(`Census: ${census.error}`)
        sink.control(frame)
      },
    }
  },
}
