/**
 * A preset describes one service's protocol once: how its frames are classified and where the
 * event type lives. Sessions call `classify` for every parsed frame; it reports through a sink so a
 * frame can yield zero, one or many events (PI Web API packs many values into one message) without
 * allocating a result per frame.
 */

import type { SourceConfig } from '../../../shared/source-config'
import type { PresetId } from '../../../shared/presets'

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

export interface Preset {
  id: PresetId
  label: string
  /** Where the event type is read in an event payload when the source does not say. */
  defaultEventTypePath: string
  createClassifier(source: SourceConfig, typeOf: (payload: unknown) => string): FrameClassifier
}
