/**
 * A source's settings as a connection uses them: every optional config key filled from the
 * source, then its preset, then SOURCE_DEFAULTS, with reply rules compiled and messages rendered.
 * Resolved once per settings change, so nothing on the per-frame path looks anything up.
 */

import type { OnOpenMessage, SourceConfig } from '../../../shared/source-config'
import { compilePathReader, mustParseFieldPath } from '../../../shared/field-path'
import { PRESET_OPTION_SCHEMAS } from '../../../shared/presets'
import { SOURCE_DEFAULTS, type AuthSettings } from '../../../shared/source-settings'
import { UNKNOWN_TYPE } from '../../../shared/unknown-type'
import {
  presetFor,
  type AuthReplyClassifier,
  type EndExplanation,
  type EndFacts,
  type FrameClassifier,
  type Preset,
  type PresetContext,
} from '../presets'
import { jsonEqual } from '../../../shared/utils/json-equal'
import type { BackoffPolicy } from '../../../shared/utils/backoff'
import {
  authReplyFromMatches,
  compileFrameMatch,
  type FramePredicate,
} from '../presets/frame-match'
import { frameParser, type FrameParser } from './frame-parser'

export interface AppPingPlan {
  text: string
  intervalMs: number
  /** Recognises the expected reply; null when no reply is expected. */
  isReply: FramePredicate | null
}

export interface KeepalivePlan {
  /** 0: no websocket pings. */
  pingIntervalMs: number
  pongTimeoutMs: number
  app: AppPingPlan | null
}

/** Protocol messages a preset sends again and again while the connection is open. */
export interface RepeatPlan {
  intervalMs: number
  texts: string[]
}

export interface ResolvedSettings {
  config: SourceConfig
  preset: Preset
  /** The preset's context: the source and its options parsed with defaults filled. */
  context: PresetContext<unknown>
  classifier: FrameClassifier
  /** How text frames are parsed: `JSON.parse`, by the preset's envelope if it has one. */
  parseFrame: FrameParser
  protocols: string[]
  caFile: string | null
  allowSelfSigned: boolean
  maxPayloadBytes: number
  handshakeTimeoutMs: number
  perMessageDeflate: boolean
  auth: AuthSettings
  authTimeoutMs: number
  /** How login replies are read; null when a `message` login counts as accepted once sent. */
  authReply: AuthReplyClassifier | null
  /** Builds the login message at each connect (the preset's own login only); null: the template. */
  renderLogin: ((secret: string | undefined) => string) | null
  /** The preset's protocol messages, then the source's own, ready to send. */
  onOpen: string[]
  /** The source's own on-open messages alone (what a live edit re-sends). */
  ownOnOpen: string[]
  keepalive: KeepalivePlan
  /** The preset's messages re-sent while open (a Census resubscribe); null: none. */
  repeat: RepeatPlan | null
  /** No heartbeat this long while open: stale (0: not watched). */
  heartbeatTimeoutMs: number
  /** Binary frames are counted as ignored rather than as errors. */
  ignoreBinaryFrames: boolean
  /** The preset's words for why a connection ended; undefined: the generic ones. */
  explain: (facts: EndFacts) => EndExplanation | undefined
  backoff: BackoffPolicy
  stableAfterMs: number
  /** 0: off. */
  silenceMs: number
  /** 0: off. */
  deadChannelMs: number
}

/** Strings go as written; objects as JSON. */
export function renderMessage(message: OnOpenMessage): string {
  return typeof message === 'string' ? message : JSON.stringify(message)
}

export function resolveSettings(config: SourceConfig): ResolvedSettings {
  const preset = presetFor(config.preset)
  const defaults = preset.defaults ?? {}
  const context: PresetContext<unknown> = {
    source: config,
    // Configs are validated before they get here; parse fills the defaults the file leaves out.
    options: PRESET_OPTION_SCHEMAS[config.preset].parse(config.options ?? {}),
    typeOf: eventTypeReader(config, preset),
    customTypePath: config.eventTypePath !== undefined,
  }
  // The source's own auth wins; without it, whatever the preset derives from its options.
  const presetAuth = config.auth === undefined ? defaults.auth?.(context) : undefined
  const auth: AuthSettings = config.auth ?? presetAuth?.settings ?? { type: 'none' }
  const reconnect = config.reconnect ?? {}
  const maxMs = reconnect.maxMs ?? SOURCE_DEFAULTS.reconnectMaxMs
  // The preset's first step yields to a cap the source sets below it.
  const initialMs =
    reconnect.initialMs ??
    Math.min(defaults.reconnect?.initialMs ?? SOURCE_DEFAULTS.reconnectInitialMs, maxMs)
  const ownOnOpen = config.onOpen.map(renderMessage)
  const repeat = defaults.repeat?.(context) ?? null
  const presetSilenceMs =
    typeof defaults.silenceMs === 'function' ? defaults.silenceMs(context) : defaults.silenceMs
  return {
    config,
    preset,
    context,
    classifier: preset.createClassifier(context),
    parseFrame: frameParser(defaults.frameEnvelope),
    protocols: config.protocols ?? [],
    caFile: config.tls?.caFile ?? null,
    allowSelfSigned: config.tls?.allowSelfSigned ?? SOURCE_DEFAULTS.allowSelfSigned,
    maxPayloadBytes: config.maxPayloadBytes ?? SOURCE_DEFAULTS.maxPayloadBytes,
    handshakeTimeoutMs: config.handshakeTimeoutMs ?? SOURCE_DEFAULTS.handshakeTimeoutMs,
    perMessageDeflate: config.perMessageDeflate ?? SOURCE_DEFAULTS.perMessageDeflate,
    auth,
    authTimeoutMs:
      (auth.type === 'message' ? auth.timeoutMs : undefined) ?? SOURCE_DEFAULTS.authTimeoutMs,
    authReply: auth.type === 'message' ? authReplyFor(auth, preset) : null,
    renderLogin: presetAuth?.renderLogin ?? null,
    onOpen: [...(defaults.onOpen?.(context) ?? []).map(renderMessage), ...ownOnOpen],
    ownOnOpen,
    keepalive: keepalivePlan(config, preset),
    repeat:
      repeat && repeat.intervalMs > 0 && repeat.messages.length > 0
        ? { intervalMs: repeat.intervalMs, texts: repeat.messages.map(renderMessage) }
        : null,
    heartbeatTimeoutMs: defaults.heartbeatTimeoutMs?.(context) ?? 0,
    ignoreBinaryFrames: defaults.ignoreBinaryFrames ?? false,
    explain: (facts) => defaults.explain?.(facts, context),
    backoff: {
      initialMs,
      maxMs: Math.max(initialMs, maxMs),
      // Never retry faster than this, whatever the random draw (the preset's pause, else 250 ms);
      // short only if the user asks.
      floorMs: Math.min(defaults.reconnect?.floorMs ?? 250, initialMs),
    },
    stableAfterMs: reconnect.stableAfterMs ?? SOURCE_DEFAULTS.stableAfterMs,
    silenceMs: config.watchdog?.silenceMs ?? presetSilenceMs ?? SOURCE_DEFAULTS.silenceMs,
    deadChannelMs: config.watchdog?.deadChannelMs ?? SOURCE_DEFAULTS.deadChannelMs,
  }
}

// The type of an event with no usable value at its type path; shared with the UI.
export { UNKNOWN_TYPE }

/** The path a source reads event types at: its own, else its preset's. */
export function eventTypePathOf(config: SourceConfig): string {
  return config.eventTypePath ?? presetFor(config.preset).defaultEventTypePath
}

function eventTypeReader(config: SourceConfig, preset: Preset): (payload: unknown) => string {
  // Read for every event: a reader specialised to the path, not the general walk.
  const read = compilePathReader(
    mustParseFieldPath(config.eventTypePath ?? preset.defaultEventTypePath),
  )
  return (payload) => {
    const value = read(payload)
    if (typeof value === 'string' && value !== '') return value
    if (typeof value === 'number' || typeof value === 'boolean') return String(value)
    return UNKNOWN_TYPE
  }
}

/** The source's own rules win as a pair; without them, the preset's; without those, none. */
function authReplyFor(
  auth: Extract<AuthSettings, { type: 'message' }>,
  preset: Preset,
): AuthReplyClassifier | null {
  if (auth.successWhen || auth.failureWhen) {
    // Failure rules alone still need a way to finish authenticating: without a success rule,
    // any frame that is not a failure counts as acceptance.
    const classify = authReplyFromMatches(auth.successWhen, auth.failureWhen)
    if (auth.successWhen) return classify
    return (frame) => classify(frame) ?? { outcome: 'accepted' }
  }
  return preset.defaults?.authReply ?? null
}

function keepalivePlan(config: SourceConfig, preset: Preset): KeepalivePlan {
  const keepalive = config.keepalive ?? {}
  const app = keepalive.app === undefined ? preset.defaults?.appPing : keepalive.app
  return {
    pingIntervalMs:
      keepalive.pingIntervalMs ?? preset.defaults?.pingIntervalMs ?? SOURCE_DEFAULTS.pingIntervalMs,
    pongTimeoutMs: keepalive.pongTimeoutMs ?? SOURCE_DEFAULTS.pongTimeoutMs,
    app: app
      ? {
          text: renderMessage(app.message),
          intervalMs: app.intervalMs,
          isReply: app.expectReply ? compileFrameMatch(app.expectReply) : null,
        }
      : null,
  }
}

/** Settings whose change needs a new connection (the rest apply to the open one). */
const CONNECTION_KEYS = [
  'preset',
  'url',
  'headers',
  'protocols',
  'tls',
  'maxPayloadBytes',
  'handshakeTimeoutMs',
  'perMessageDeflate',
  'auth',
] as const satisfies readonly (keyof SourceConfig)[]

export interface SettingsChange {
  /** Where or how to connect changed: a new connection is needed. */
  connection: boolean
  /** The preset's options changed (see `liveOptionsChange`). */
  options: boolean
  /** The source's on-open messages changed. */
  onOpen: boolean
  /** Keepalive, reconnect or watchdog timings changed. */
  timing: boolean
}

/**
 * What an edit changed. Values compare as JSON with key order ignored (settings saved unchanged
 * with their headers in another order need no reconnect), and options as the preset reads them,
 * defaults filled (leaving out an option or writing its default is no change).
 */
export function compareSettings(before: SourceConfig, after: SourceConfig): SettingsChange {
  const differs = (key: keyof SourceConfig) => !jsonEqual(before[key], after[key])
  return {
    connection: CONNECTION_KEYS.some(differs),
    options: !jsonEqual(parsedOptions(before), parsedOptions(after)),
    onOpen: differs('onOpen'),
    timing: differs('keepalive') || differs('reconnect') || differs('watchdog'),
  }
}

/** The source's options with the preset's defaults filled; as written if they do not parse. */
function parsedOptions(config: SourceConfig): unknown {
  const parsed = PRESET_OPTION_SCHEMAS[config.preset].safeParse(config.options ?? {})
  return parsed.success ? parsed.data : config.options
}

/**
 * How an options change applies to an open connection: the messages that apply it live (possibly
 * none), or null when only a new connection can (and always for a preset that does not say).
 */
export function liveOptionsChange(
  before: ResolvedSettings,
  after: ResolvedSettings,
): string[] | null {
  if (before.preset !== after.preset) return null
  const live = after.preset.defaults?.liveChange?.(before.context.options, after.context)
  return live ? live.map(renderMessage) : null
}

/**
 * What to send on the open connection to apply a change without reconnecting, or null when it
 * needs a new connection (an options change the preset cannot apply live). A live options change
 * may reset server state (Census clears its subscription), so the source's own on-open messages
 * follow it, as after a reconnect; an edit of those alone sends them again.
 */
export function liveMessages(
  before: ResolvedSettings,
  after: ResolvedSettings,
  change: SettingsChange,
): string[] | null {
  const options = change.options ? liveOptionsChange(before, after) : []
  if (options === null) return null
  return options.length > 0 || change.onOpen ? [...options, ...after.ownOnOpen] : []
}
