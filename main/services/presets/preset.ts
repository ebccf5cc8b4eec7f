/**
 * A preset describes one service's protocol once: how its frames are classified, where the event
 * type lives, and what a connection to it needs by default (credentials, how to read a login
 * reply, how to ping it, what to send on every connect and how often again, how long a healthy
 * stream may stay silent, what its refusals mean). Sessions call `classify` for every parsed
 * frame; it reports through a sink so a frame can yield zero, one or many events (PI Web API
 * packs many values into one message) without allocating a result per frame.
 *
 * A preset's settings live under the source's `options`, checked by the schema in
 * shared/presets/<id>.ts; the engine hands every hook the parsed options with defaults filled.
 *
 * Adding a preset (docs/architecture.md): one module in this folder exporting a `PresetFor<id>`
 * that takes its id and default type path from its shared spec, registered in index.ts, and that
 * spec (schema, descriptor) registered in shared/presets.ts. Everything a source leaves
 * unset falls back to `defaults`, then to SOURCE_DEFAULTS (shared/source-settings.ts); a source's
 * own setting always wins.
 */

import type { SourceErrorKind } from '../../../shared/domain'
import type { PresetId } from '../../../shared/preset-id'
import type { PresetOptions } from '../../../shared/presets'
import type { OnOpenMessage, SourceConfig } from '../../../shared/source-config'
import type { AppPing, AuthSettings } from '../../../shared/source-settings'

/**
 * Where an event's payload lies in its frame: the whole frame (`null`), or the frame's own
 * top-level member of that name. History stores the payload from the frame's text as received
 * (history/event-pages.ts); a payload made up from the frame (PI Web API's) has no place.
 */
export type PayloadPlace = string | null

/**
 * The envelope a service writes, the same text each time, around each event's JSON: a frame that
 * is exactly `prefix`, one JSON value and `suffix` is parsed by its value alone
 * (sources/frame-parser.ts).
 */
export interface FrameEnvelope {
  prefix: string
  suffix: string
  /** What `JSON.parse` gives for `prefix` + the value's JSON + `suffix`. */
  wrap(value: unknown): unknown
}

export interface FrameSink {
  /**
   * One event, with the payload users write conditions against, and where that payload lies in
   * the frame (`place`: omitted when the preset made it up).
   */
  event(type: string, payload: unknown, place?: PayloadPlace): void
  /** A keepalive from the server: proves the channel is alive, is not an event. */
  heartbeat(): void
  /** Protocol chatter (subscription echo, banners, auth replies): counted, not an event. */
  control(frame: unknown): void
  /** The server reported an error in-band. */
  error(message: string): void
  /** An event dropped as a repeat of one seen moments ago (counted in `duplicates`). */
  duplicate(): void
  /**
   * Raises a notice on the source (`message`), or clears it (`null`): a condition the user should
   * know about that is not an error of one frame, such as a subscription the server altered.
   */
  notice(code: string, message: string | null): void
  /**
   * The server says the connection is unhealthy (NeuroIO's wrong answer to PING): it is dropped
   * at once, as a keepalive failure, and the source reconnects.
   */
  unhealthy(message: string): void
}

export interface FrameClassifier {
  /**
   * `at` is when the frame arrived (the engine's clock), for time windows; `raw` is the frame as
   * received, for work that is cheaper on bytes than on the parsed value (fingerprints).
   */
  classify(frame: unknown, sink: FrameSink, at: number, raw: Buffer): void
  /**
   * A message the source's settings sent on the open connection (on-open messages, the preset's
   * repeats and live changes; not sends by hand), just before it goes: for a protocol whose
   * replies do not say which request they answer (a Census subscription echo). Optional.
   */
  sent?(text: string): void
  /**
   * A new connection opened (before its on-open messages go): replies owed on the last one will
   * never come. Optional.
   */
  opened?(): void
}

/** What a reply to a `message` login says; `undefined` from a classifier means "not a reply". */
export type AuthReply = { outcome: 'accepted' } | { outcome: 'rejected'; message: string }

/**
 * Reads frames that arrive while a source waits for its login reply. Frames it does not recognise
 * (answers `undefined`) go on to the frame classifier as usual, so nothing sent early is lost.
 */
export type AuthReplyClassifier = (frame: unknown) => AuthReply | undefined

/** Everything a preset's hooks know about the source they serve. */
export interface PresetContext<O> {
  source: SourceConfig
  /** The source's `options`, parsed with every default filled. */
  options: O
  /** Reads the event type at the source's eventTypePath, else the preset's default path. */
  typeOf: (payload: unknown) => string
  /** True when the source names its own eventTypePath (presets that name types must obey it). */
  customTypePath: boolean
}

/** The credentials a preset derives from its options, used when the source sets no `auth`. */
export interface PresetAuth {
  settings: AuthSettings
  /**
   * Builds the login message at each connect instead of filling the template once, for services
   * whose login carries the time (SimpliSafe's identify). Gets the secret's value.
   */
  renderLogin?: (secret: string | undefined) => string
}

/** Why a connection ended, in facts a preset can put into its service's words. */
export type EndFacts =
  | { kind: 'refused'; status: number }
  | { kind: 'closed'; code: number; reason: string }
  | { kind: 'login-timeout' }

export interface EndExplanation {
  /** What it means for this service, said first; the generic cause follows in parentheses. */
  message: string
  kind?: SourceErrorKind
  /** Whether retrying soon is pointless (back off to the cap). */
  hard?: boolean
}

export interface ProtocolRepeat {
  intervalMs: number
  messages: OnOpenMessage[]
}

export interface PresetDefaults<O> {
  /** Credentials from the options; used only when the source has no `auth` of its own. */
  auth?: (context: PresetContext<O>) => PresetAuth | undefined
  /** How to read the reply to a `message` auth when the source gives no successWhen/failureWhen. */
  authReply?: AuthReplyClassifier
  /** The application ping a source gets when its `keepalive.app` is unset. */
  appPing?: AppPing
  /** The websocket ping interval when the source's `keepalive.pingIntervalMs` is unset. */
  pingIntervalMs?: number
  /**
   * The silence window (`watchdog.silenceMs`) that suits the service's cadence; from the options
   * when they set that cadence (Census's heartbeat interval).
   */
  silenceMs?: number | ((context: PresetContext<O>) => number)
  /**
   * The backoff a service asks its clients for (Census: reconnect after 2-5 s): the first step
   * (`reconnect.initialMs`) when the source leaves it unset, and the shortest wait any retry may
   * draw (otherwise 250 ms; never above the first step, so a source asking for shorter gets it).
   */
  reconnect?: { initialMs?: number; floorMs?: number }
  /**
   * How long the open connection may go without a heartbeat (`sink.heartbeat()`) before it is
   * stale; 0 or absent: not watched. Unlike silence, events do not count.
   */
  heartbeatTimeoutMs?: (context: PresetContext<O>) => number
  /**
   * Protocol messages sent on every connect after auth and before the source's own `onOpen`.
   */
  onOpen?: (context: PresetContext<O>) => OnOpenMessage[]
  /** Protocol messages sent again every `intervalMs` while open (a Census resubscribe). */
  repeat?: (context: PresetContext<O>) => ProtocolRepeat | null
  /** Binary frames are part of the protocol and carry nothing: counted as ignored, not errors. */
  ignoreBinaryFrames?: boolean
  /** The service's fixed envelope around its events, parsed by what it holds alone. */
  frameEnvelope?: FrameEnvelope
  /** Puts a refusal, a close or a login timeout into the service's own words. */
  explain?: (facts: EndFacts, context: PresetContext<O>) => EndExplanation | undefined
  /**
   * An options change on an open connection: the messages that apply it live (possibly none), or
   * null when it needs a new connection. Absent: every options change reconnects.
   */
  liveChange?: (before: O, after: PresetContext<O>) => OnOpenMessage[] | null
}

export interface Preset<O = unknown, P extends PresetId = PresetId> {
  /** The shared spec's id (shared/presets/<id>.ts), never restated here. */
  id: P
  /**
   * Where the event type is read in an event payload when the source does not say: the shared
   * spec's `defaultEventTypePath`, so the UI's autocomplete and the engine read the same place.
   */
  defaultEventTypePath: string
  createClassifier(context: PresetContext<O>): FrameClassifier
  defaults?: PresetDefaults<O>
}

/** A preset typed by its id's options. */
export type PresetFor<P extends PresetId> = Preset<PresetOptions<P>, P>
