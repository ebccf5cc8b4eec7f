/**
 * A preset describes one service's protocol once: how its frames are classified, where the event
 * type lives, and what a connection to it needs by default (how to read a login reply, how to ping
 * it, what to send on every connect, how long a healthy stream may stay silent). Sessions call
 * `classify` for every parsed frame; it reports through a sink so a frame can yield zero, one or
 * many events (PI Web API packs many values into one message) without allocating a result per
 * frame.
 *
 * Adding a preset: one module in this folder exporting a `Preset`, registered in index.ts, with its
 * id added to shared/presets.ts. Everything a source leaves unset falls back to `defaults`, then
 * to SOURCE_DEFAULTS (shared/source-settings.ts); a source's own setting always wins.
 */

import type { OnOpenMessage, SourceConfig } from '../../../shared/source-config'
import type { PresetId } from '../../../shared/presets'
import type { AppPing } from '../../../shared/source-settings'

export interface FrameSink {
  /** One event, with the payload users write conditions against. */
  event(type: string, payload: unknown): void
  /** A keepalive from the server: proves the channel is alive, is not an event. */
  heartbeat(): void
  /** Protocol chatter (subscription echo, banners, auth replies): counted, not an event. */
  control(frame: unknown): void
  /** The server reported an error in-band. */
  error(message: string): void
}

export interface FrameClassifier {
  classify(frame: unknown, sink: FrameSink): void
}

/** What a reply to a `message` login says; `undefined` from a classifier means "not a reply". */
export type AuthReply = { outcome: 'accepted' } | { outcome: 'rejected'; message: string }

/**
 * Reads frames that arrive while a source waits for its login reply. Frames it does not recognise
 * (answers `undefined`) go on to the frame classifier as usual, so nothing sent early is lost.
 */
export type AuthReplyClassifier = (frame: unknown) => AuthReply | undefined

export interface PresetDefaults {
  /** How to read the reply to a `message` auth when the source gives no successWhen/failureWhen. */
  authReply?: AuthReplyClassifier
  /** The application ping a source gets when its `keepalive.app` is unset. */
  appPing?: AppPing
  /** The silence window (`watchdog.silenceMs`) that suits the service's heartbeat cadence. */
  silenceMs?: number
  /**
   * Protocol messages sent on every connect after auth and before the source's own `onOpen`
   * (which is where users keep subscriptions, so they can edit them).
   */
  onOpen?: (source: SourceConfig) => OnOpenMessage[]
}

export interface Preset {
  id: PresetId
  label: string
  /** Where the event type is read in an event payload when the source does not say. */
  defaultEventTypePath: string
  createClassifier(source: SourceConfig, typeOf: (payload: unknown) => string): FrameClassifier
  defaults?: PresetDefaults
}
