/**
 * A source's credentials, applied at connect time: the secret is read from the SecretStore just
 * before dialling and lives only in the dial URL, the handshake headers or the login message.
 * Config, views, logs and errors only ever see the secret's reference; `scrubSecrets` removes a
 * value that a server or a library echoed back into an error message.
 */

import { SECRET_PLACEHOLDER, type AuthSettings } from '../../../shared/source-settings'
import type { SecretStore } from '../secrets/secret-store'

export interface AppliedAuth {
  url: string
  headers: Record<string, string>
  /** The login message to send once the socket opens, or null. */
  message: string | null
  /** The secret values in play, to scrub from anything reported about this connection. */
  secrets: string[]
}

/** Something only the user can fix (a secret that is not stored): retrying soon is pointless. */
export class CredentialError extends Error {
  override readonly name = 'CredentialError'
}

export async function applyAuth(
  auth: AuthSettings,
  url: string,
  headers: Readonly<Record<string, string>>,
  store: SecretStore,
  /** Builds a `message` login from the secret at each connect instead of the template. */
  renderLogin?: ((secret: string | undefined) => string) | null,
): Promise<AppliedAuth> {
  if (auth.type === 'none') return { url, headers: { ...headers }, message: null, secrets: [] }
  const secret = auth.secret === undefined ? undefined : await readSecret(store, auth.secret)
  const secrets = secret ? [secret] : []
  switch (auth.type) {
    case 'query':
      return {
        url: withQueryParam(url, auth.param, secret!),
        headers: { ...headers },
        message: null,
        secrets,
      }
    case 'header':
      return {
        url,
        headers: withHeader(headers, auth.name, headerValue(auth, secret!)),
        message: null,
        secrets:
          auth.scheme === 'basic'
            ? [...secrets, basicToken(auth.username ?? '', secret!)]
            : secrets,
      }
    case 'message':
      return {
        url,
        headers: { ...headers },
        message: renderLogin ? renderLogin(secret) : renderTemplate(auth.template, secret),
        secrets,
      }
  }
}

/** Reads a secret a source needs; `usedBy` says where, when more than the login could use it. */
export async function readSecret(
  store: SecretStore,
  ref: string,
  usedBy?: string,
): Promise<string> {
  const value = await store.get(ref)
  if (value === undefined || value === '') {
    const where = usedBy === undefined ? '' : ` (${usedBy})`
    throw new CredentialError(
      `the secret "${ref}"${where} is not stored: enter it in this source's settings (Edit), and Vigil connects with it`,
    )
  }
  return value
}

function basicToken(username: string, secret: string): string {
  return Buffer.from(`${username}:${secret}`, 'utf8').toString('base64')
}

function headerValue(auth: Extract<AuthSettings, { type: 'header' }>, secret: string): string {
  if (/[\r\n]/.test(secret))
    throw new CredentialError('the secret contains a line break, which a header cannot carry')
  switch (auth.scheme) {
    case 'bearer':
      return `Bearer ${secret}`
    case 'basic':
      return `Basic ${basicToken(auth.username ?? '', secret)}`
    case 'raw':
      return secret
  }
}

/** Header names are case-insensitive: the auth header replaces any configured one of that name. */
function withHeader(
  headers: Readonly<Record<string, string>>,
  name: string,
  value: string,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, existing] of Object.entries(headers))
    if (key.toLowerCase() !== name.toLowerCase()) out[key] = existing
  out[name] = value
  return out
}

/**
 * Sets one query parameter without re-encoding the rest of the URL (some services compare the
 * query as written, such as Census's `service-id=s:example`), replacing any value already there.
 */
export function withQueryParam(url: string, param: string, value: string): string {
  const hashAt = url.indexOf('#')
  const base = hashAt >= 0 ? url.slice(0, hashAt) : url
  const queryAt = base.indexOf('?')
  const path = queryAt >= 0 ? base.slice(0, queryAt) : base
  const kept = (queryAt >= 0 ? base.slice(queryAt + 1) : '')
    .split('&')
    .filter((part) => part !== '' && safeDecode(part.split('=', 1)[0]!) !== param)
  kept.push(`${encodeQuery(param)}=${encodeQuery(value)}`)
  return `${path}?${kept.join('&')}`
}

// ':' '@' and ',' are legal in a query (RFC 3986 section 3.4) and appear in service ids as is.
function encodeQuery(text: string): string {
  return encodeURIComponent(text).replace(/%3A/gi, ':').replace(/%40/gi, '@').replace(/%2C/gi, ',')
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * Fills `{{secret}}` in a login template. In a JSON template the secret replaces the placeholder
 * inside string values, so quotes or backslashes in it stay valid JSON; a text template gets it
 * verbatim.
 */
export function renderTemplate(
  template: string | Record<string, unknown>,
  secret: string | undefined,
): string {
  const fill = (text: string) =>
    secret === undefined ? text : text.split(SECRET_PLACEHOLDER).join(secret)
  if (typeof template === 'string') return fill(template)
  return JSON.stringify(template, (_key, value: unknown) =>
    typeof value === 'string' ? fill(value) : value,
  )
}

/**
 * Replaces every secret value in a message with `***`, in each form it can come back in: as is,
 * URL-encoded, and JSON-escaped (once inside a JSON frame, twice in a quoted preview of one). A
 * secret a preview cut short (`…`) goes too, so truncation cannot leave its start behind.
 */
export function scrubSecrets(message: string, secrets: readonly string[]): string {
  let out = message
  for (const secret of secrets) {
    if (secret === '') continue
    for (const form of secretForms(secret)) {
      out = out.split(form).join('***')
      if (out.includes(CUT)) out = scrubCutShort(out, form)
    }
  }
  return out
}

function secretForms(secret: string): Set<string> {
  const json = jsonEscaped(secret)
  return new Set([secret, encodeURIComponent(secret), encodeQuery(secret), json, jsonEscaped(json)])
}

/** How a JSON string carries `text`, without its quotes. */
function jsonEscaped(text: string): string {
  return JSON.stringify(text).slice(1, -1)
}

/** What previews (framePreview, a malformed frame's) end a shortened text with. */
const CUT = '…'
/** A start of a secret shorter than this, left before a cut, gives nothing worth hiding away. */
const MIN_CUT_LENGTH = 3

function scrubCutShort(message: string, form: string): string {
  let out = message
  for (let length = form.length - 1; length >= MIN_CUT_LENGTH; length--)
    out = out.split(`${form.slice(0, length)}${CUT}`).join(`***${CUT}`)
  return out
}
