/**
 * The connection settings of a source in config v1: TLS, limits, auth, keepalive, reconnect and
 * watchdog. Every key here is optional, so a source written before these existed (or by a script
 * that only knows `url`) stays valid; the engine fills what is missing from the source's preset and
 * then from `SOURCE_DEFAULTS` when it connects. The "Source settings" table of docs/config.md documents each
 * key with its default; keep the two in step.
 */

import { z } from 'zod'
import { secretRefSchema } from './secret-ref'
import { fieldPathSchema, httpTokenSchema } from './schema-kit'

/** The defaults the engine uses for any setting a source and its preset leave unset. */
export const SOURCE_DEFAULTS = {
  // ws's own default is 100 MiB, which lets one hostile frame cost that much memory per source.
  maxPayloadBytes: 1024 * 1024,
  handshakeTimeoutMs: 10_000,
  // permessage-deflate costs 20-35x CPU per small message; event streams are small messages.
  perMessageDeflate: false,
  allowSelfSigned: false,
  authTimeoutMs: 10_000,
  pingIntervalMs: 30_000,
  pongTimeoutMs: 10_000,
  reconnectInitialMs: 1_000,
  reconnectMaxMs: 60_000,
  stableAfterMs: 30_000,
  /** 0 is off: only a preset (or the user) knows how often a healthy stream speaks. */
  silenceMs: 0,
  deadChannelMs: 120_000,
} as const

export const headerNameSchema = httpTokenSchema('not a valid HTTP header name')

export { secretRefSchema }

/** A message to send: text as is, or a JSON object sent as JSON. */
export const outgoingMessageSchema = z.union([
  z.string().max(1_000_000),
  z.record(z.string(), z.unknown()),
])
export type OutgoingMessage = z.infer<typeof outgoingMessageSchema>

/**
 * Recognises a reply frame: the value at `path` equals `equals`, or, without `equals`, the path
 * exists at all (`{"path": "error"}` matches any frame with an `error` field).
 */
export const frameMatchSchema = z.strictObject({
  path: fieldPathSchema,
  equals: z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]).optional(),
})
export type FrameMatch = z.infer<typeof frameMatchSchema>

/** A duration in milliseconds within [min, max]; 0 is allowed when `off` says so. */
function duration(min: number, max: number, off = false) {
  const base = z.number().int().max(max)
  return off
    ? base.refine((ms) => ms === 0 || ms >= min, `use 0 (off) or at least ${min} ms`)
    : base.min(min)
}

export const SECRET_PLACEHOLDER = '{{secret}}'

const authNone = z.strictObject({ type: z.literal('none') })
const authQuery = z.strictObject({
  type: z.literal('query'),
  /** The query parameter that carries the secret (`token`, `service-id`, ...). */
  param: z.string().min(1).max(200),
  secret: secretRefSchema,
})
const authHeader = z.strictObject({
  type: z.literal('header'),
  name: headerNameSchema.default('Authorization'),
  /** `bearer`: "Bearer <secret>"; `basic`: "Basic base64(username:secret)"; `raw`: the secret. */
  scheme: z.enum(['bearer', 'basic', 'raw']).default('bearer'),
  // RFC 7617: the user-id of Basic auth cannot contain a colon.
  username: z
    .string()
    .max(1000)
    .regex(/^[^:\r\n]*$/, 'a Basic username cannot contain ":" or line breaks')
    .optional(),
  secret: secretRefSchema,
})
const authMessage = z.strictObject({
  type: z.literal('message'),
  /** The first message after connect; `{{secret}}` is replaced with the secret when sending. */
  template: outgoingMessageSchema,
  secret: secretRefSchema.optional(),
  /** The reply that means the login worked; absent: the preset's rule, else sent = accepted. */
  successWhen: frameMatchSchema.optional(),
  /** The reply that means the login failed. */
  failureWhen: frameMatchSchema.optional(),
  timeoutMs: duration(100, 300_000).optional(),
})

export const authSchema = z
  .discriminatedUnion('type', [authNone, authQuery, authHeader, authMessage])
  .superRefine((auth, ctx) => {
    if (auth.type === 'header' && auth.scheme === 'basic' && auth.username === undefined) {
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'Basic auth needs a username' })
    }
    if (auth.type === 'message') {
      const text = typeof auth.template === 'string' ? auth.template : JSON.stringify(auth.template)
      if (text.includes(SECRET_PLACEHOLDER) && auth.secret === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['secret'],
          message: `the template uses ${SECRET_PLACEHOLDER} but names no secret`,
        })
      }
    }
  })
export type AuthSettings = z.infer<typeof authSchema>

export const appPingSchema = z.strictObject({
  message: outgoingMessageSchema,
  intervalMs: duration(500, 3_600_000),
  /** The reply that proves the service is healthy; none expected when absent. */
  expectReply: frameMatchSchema.optional(),
})
export type AppPing = z.infer<typeof appPingSchema>

export const keepaliveSchema = z.strictObject({
  /** Websocket ping every this many ms (0: off). */
  pingIntervalMs: duration(1_000, 3_600_000, true).optional(),
  /** How long a ping or application ping may go unanswered before the socket is dropped. */
  pongTimeoutMs: duration(500, 600_000).optional(),
  /** An application-level ping; absent: the preset's, `null`: none. */
  app: appPingSchema.nullable().optional(),
})

export const reconnectSchema = z
  .strictObject({
    initialMs: duration(50, 3_600_000).optional(),
    maxMs: duration(50, 86_400_000).optional(),
    /** How long a connection must stay open to count as healthy (resets the backoff). */
    stableAfterMs: duration(0, 86_400_000).optional(),
  })
  .refine(
    (r) =>
      (r.initialMs ?? SOURCE_DEFAULTS.reconnectInitialMs) <=
      (r.maxMs ?? SOURCE_DEFAULTS.reconnectMaxMs),
    { message: 'initialMs cannot exceed maxMs', path: ['maxMs'] },
  )

export const watchdogSchema = z.strictObject({
  /** Open but nothing received for this long: stale, then reconnect (0: off). */
  silenceMs: duration(1_000, 86_400_000, true).optional(),
  /** Not back within this long after a drop: failed and an alert (0: off). */
  deadChannelMs: duration(1_000, 7 * 86_400_000, true).optional(),
})

export const tlsSchema = z.strictObject({
  /**
   * A PEM file of certificate authorities to trust for this source (a private CA): a regular
   * file of at most 1 MB, read at each connect.
   */
  caFile: z.string().min(1).max(4096).optional(),
  /** Accept a self-signed server certificate for this source only. */
  allowSelfSigned: z.boolean().optional(),
})

// RFC 6455 section 4.1: subprotocols are RFC 7230 tokens.
const subprotocolSchema = httpTokenSchema('not a valid subprotocol')

/** The connection keys of a source, spread into its config schema. */
export const sourceConnectionShape = {
  protocols: z.array(subprotocolSchema).max(20).optional(),
  tls: tlsSchema.optional(),
  maxPayloadBytes: z
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .optional(),
  handshakeTimeoutMs: duration(500, 300_000).optional(),
  perMessageDeflate: z.boolean().optional(),
  auth: authSchema.optional(),
  keepalive: keepaliveSchema.optional(),
  reconnect: reconnectSchema.optional(),
  watchdog: watchdogSchema.optional(),
}

/** Every secret reference a source's settings use (to know which sources a new secret helps). */
export function secretRefsOf(source: { auth?: AuthSettings | undefined }): string[] {
  const auth = source.auth
  if (!auth || auth.type === 'none') return []
  return auth.secret === undefined ? [] : [auth.secret]
}
