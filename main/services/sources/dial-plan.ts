/**
 * Everything one connection attempt needs, gathered before the socket is made: the URL to dial
 * (simulators resolved, query auth applied), handshake headers (secrets filled in), TLS trust, ws client options and
 * the login message. Failures say whether retrying soon can help.
 */

import type { ClientOptions } from 'ws'
import type { SecretStore } from '../secrets/secret-store'
import { redactUrl } from '../util/logger'
import { applyAuth, CredentialError } from './auth'
import { readCaFile } from './ca-file'
import type { ResolvedSettings } from './connection-settings'
import { DialError } from './dial-error'
import { resolveHeaderSecrets } from './header-secrets'
import { probeSelfSigned } from './tls-trust'
import { errorText } from '../../../shared/utils/error-text'

export { DialError } from './dial-error'

export interface DialPlan {
  url: string
  protocols: string[]
  options: ClientOptions
  /** Sent once the socket opens, before anything else; null without `message` auth. */
  loginMessage: string | null
  secrets: string[]
}

export interface DialPorts {
  resolveUrl: (url: string) => Promise<string>
  secrets: SecretStore
}

export async function planDial(
  settings: ResolvedSettings,
  ports: DialPorts,
  signal?: AbortSignal,
): Promise<DialPlan> {
  const { config } = settings
  let url: string
  try {
    url = await ports.resolveUrl(config.url)
  } catch (error) {
    throw new DialError(
      'network',
      `cannot resolve ${redactUrl(config.url)}: ${errorText(error)}`,
      false,
    )
  }
  let auth
  let headerSecrets: string[]
  try {
    const headers = await resolveHeaderSecrets(config.headers, ports.secrets)
    headerSecrets = headers.secrets
    auth = await applyAuth(settings.auth, url, headers.headers, ports.secrets, settings.renderLogin)
  } catch (error) {
    if (error instanceof CredentialError) throw new DialError('config', error.message, true)
    throw new DialError('config', `cannot read the secret store: ${errorText(error)}`, false)
  }
  const options: ClientOptions = {
    headers: auth.headers,
    maxPayload: settings.maxPayloadBytes,
    perMessageDeflate: settings.perMessageDeflate,
    // Redirects would carry credentials to wherever the server points; the user sets the URL.
    followRedirects: false,
  }
  // With `ca` set, Node trusts these authorities only, for this source only.
  if (settings.caFile !== null) options.ca = await readCaFile(settings.caFile)
  if (settings.allowSelfSigned) {
    // Node's checks stay on; the server's own self-signed certificate becomes the one authority.
    const pinned = await probeSelfSigned({
      url: auth.url,
      ca: options.ca as Buffer | undefined,
      timeoutMs: settings.handshakeTimeoutMs,
      ...(signal ? { signal } : {}),
    })
    if (pinned !== null) options.ca = pinned
  }
  return {
    url: auth.url,
    protocols: settings.protocols,
    options,
    loginMessage: auth.message,
    secrets: [...headerSecrets, ...auth.secrets],
  }
}
