/**
 * A source's handshake headers with their `{{secret.name}}` placeholders filled from the secret
 * store, read at each connect like the login's secret (an `X-Api-Key: {{secret.api-key}}` keeps
 * the key out of the config file and its exports). The values read are returned too, so whatever
 * is reported about the connection can be scrubbed of them.
 */

import { parseSecretText } from '../../../shared/secret-text'
import type { SecretStore } from '../secrets/secret-store'
import { CredentialError, readSecret } from './auth'

export interface ResolvedHeaders {
  headers: Record<string, string>
  /** The secret values written into the headers. */
  secrets: string[]
}

export async function resolveHeaderSecrets(
  headers: Readonly<Record<string, string>>,
  store: SecretStore,
): Promise<ResolvedHeaders> {
  const out: Record<string, string> = {}
  const secrets = new Set<string>()
  for (const [name, value] of Object.entries(headers)) {
    const parsed = parseSecretText(value)
    // The config schema refuses a malformed placeholder; a value that slipped past is sent as is.
    if (!parsed.ok || parsed.text.secretNames.length === 0) {
      out[name] = value
      continue
    }
    const values: Record<string, string> = {}
    for (const ref of parsed.text.secretNames) {
      const secret = await readSecret(store, ref, `header "${name}"`)
      if (/[\r\n]/.test(secret))
        throw new CredentialError(
          `the secret "${ref}" (header "${name}") contains a line break, which a header cannot carry`,
        )
      values[ref] = secret
      secrets.add(secret)
    }
    out[name] = parsed.text.render(values)
  }
  return { headers: out, secrets: [...secrets] }
}
