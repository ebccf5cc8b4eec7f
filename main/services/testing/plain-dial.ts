import { MemorySecretStore } from '../secrets/secret-store'
import { resolveSettings, type ResolvedSettings } from '../sources/connection-settings'
import { planDial, type DialPlan } from '../sources/dial-plan'
import { genericTestSource } from './test-source'

/**
 * A generic test source on `url` with keepalive pings off, resolved and planned as a session
 * would dial it (URL as it is, no secrets): what a bare Connection under test is built from.
 * Test-only.
 */
export async function plainDial(
  url: string,
): Promise<{ settings: ResolvedSettings; plan: DialPlan }> {
  const settings = resolveSettings({
    ...genericTestSource('src', url),
    keepalive: { pingIntervalMs: 0 },
  })
  const plan = await planDial(settings, {
    resolveUrl: (resolved) => Promise.resolve(resolved),
    secrets: new MemorySecretStore(),
  })
  return { settings, plan }
}
