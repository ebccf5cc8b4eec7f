/**
 * Testing a source before it is saved (`source:test`, `POST /api/sources/test`): the engine dials
 * with the draft's settings, apart from everything running (the saved source of the same id,
 * history, triggers and the catalogue never see it), and answers once, with the states it went
 * through, the frames as received and what the preset made of each, and the fields that look like
 * the event type.
 *
 * It lists the first TEST_MAX_FRAMES frames, and after them the frames that carry events, until
 * the listed frames hold TEST_MAX_EVENT_FRAMES with events: a service that greets with a dozen
 * banners (Census) still shows its events. It stops then, or after TEST_TIMEOUT_MS, or when the
 * connection ends.
 */

import { z } from 'zod'
import type { SourceError, SourceNotice } from './domain'
import { secretRefSchema, secretValueSchema } from './secret-ref'
import { sourceConfigSchema, type SourceConfigInput } from './source-config'
import type { TypeCandidate } from './type-autodetect'

/** The first frames listed, whatever they are... */
export const TEST_MAX_FRAMES = 10
/** ...then frames with events, until this many listed frames carry events: the test stops then... */
export const TEST_MAX_EVENT_FRAMES = 10
/** ...or this long after it started, whichever comes first. */
export const TEST_TIMEOUT_MS = 10_000
/** The most of a frame's text a test answers (UTF-8 bytes); the rest is cut (`truncated`). */
export const TEST_PREVIEW_BYTES = 4 * 1024
/** Connection tests that may run at once; one more is refused (`unavailable`). */
export const MAX_CONCURRENT_TESTS = 4

export interface SourceTestRequest {
  /** The source as the form has it, unsaved: validated as `source:save` validates. */
  source: SourceConfigInput
  /**
   * Secret values for this test only (what the form would store on save), by reference; never
   * stored. References the draft uses and that are neither here nor in the store are reported.
   */
  secrets?: { ref: string; value: string }[]
}

export const sourceTestRequestSchema = z.strictObject({
  source: sourceConfigSchema,
  secrets: z
    .array(z.strictObject({ ref: secretRefSchema, value: secretValueSchema }))
    .max(100)
    .optional(),
})

/** A state the test's connection went through (see docs/config.md, "Source states"). */
export interface SourceTestStep {
  state: 'connecting' | 'authenticating' | 'open' | 'closed'
  /** Milliseconds after the test started. */
  at: number
  /** For `closed`: why the test ended ("stopped after 10 frames", or the error). */
  message?: string
}

/**
 * What the preset made of a frame: `event` (one or more events; `types` has them), `heartbeat`,
 * `control` (protocol chatter: a subscription echo, a banner), `error` (the server reported one
 * in-band), `duplicate` (a repeat the preset drops), `ignored` (carries nothing by design, such as
 * NeuroIO's binary frames), `invalid` (not JSON, binary where text was expected, nested too
 * deep, or the preset could not read it: `message` says which), `login-reply` (the answer to the
 * login message), `ping-reply` (the answer to the application ping).
 */
export type TestFrameKind =
  | 'event'
  | 'heartbeat'
  | 'control'
  | 'error'
  | 'duplicate'
  | 'ignored'
  | 'invalid'
  | 'login-reply'
  | 'ping-reply'

export interface TestFrame {
  /** Its place among the frames received, from 1 (frames not listed leave gaps). */
  index: number
  /** Milliseconds after the test started. */
  at: number
  /** Its size as received. */
  bytes: number
  binary: boolean
  /** The frame's text (binary frames: empty), cut at TEST_PREVIEW_BYTES bytes of UTF-8. */
  text: string
  truncated: boolean
  kind: TestFrameKind
  /** The event types it yielded, in order (a PI Web API frame yields one event per value). */
  types: string[]
  /** For `error` and `invalid`: what was wrong, in words. */
  message?: string
}

export interface SourceTestReport {
  /** Whether the connection opened (and logged in). */
  opened: boolean
  steps: SourceTestStep[]
  /**
   * The first TEST_MAX_FRAMES frames as received, then the later ones that carried events (at
   * most TEST_MAX_FRAMES + TEST_MAX_EVENT_FRAMES in all).
   */
  frames: TestFrame[]
  /** Every frame received, listed or not. */
  framesReceived: number
  /** Events among them typed `unknown` (no value at the type path). */
  unknownTypes: number
  /** The path the draft reads event types at: its `eventTypePath`, else its preset's. */
  eventTypePath: string
  /**
   * Fields of the events' payloads that look like an event type, best first (see
   * shared/type-autodetect.ts); empty when no event came.
   */
  typeCandidates: TypeCandidate[]
  /** What stopped the connection early, in plain words (`detail`: the raw text); null if nothing did. */
  error: SourceError | null
  /** What the preset flagged about the connection (a Census subscription the server altered). */
  notices: SourceNotice[]
  durationMs: number
}
