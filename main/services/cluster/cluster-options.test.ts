import { describe, expect, it } from 'vitest'
import { resolveClusterSettings, type ClusterHostFacts } from './cluster-options'

const headless: ClusterHostFacts = { mode: 'headless', hostname: 'collector-1', env: {} }

function settingsOf(result: ReturnType<typeof resolveClusterSettings>) {
  if (!result.ok) throw new Error(result.message)
  return result.settings
}

function messageOf(result: ReturnType<typeof resolveClusterSettings>): string {
  if (result.ok) throw new Error('expected a refusal')
  return result.message
}

describe('resolveClusterSettings', () => {
  it('is off without --cluster or VIGIL_CLUSTER', () => {
    expect(resolveClusterSettings({}, headless)).toEqual({ ok: true, settings: null })
  })

  it('names the node after the host; a headless host is a member, the desktop a viewer', () => {
    const member = settingsOf(resolveClusterSettings({ cluster: 'nats://10.0.0.5:4222' }, headless))
    expect(member).toEqual({
      servers: ['nats://10.0.0.5:4222'],
      auth: {},
      tls: null,
      name: 'collector-1',
      role: 'member',
      seed: false,
      retention: {},
    })
    const desktop = settingsOf(
      resolveClusterSettings(
        {},
        { mode: 'desktop', hostname: 'laptop.example.org', env: { VIGIL_CLUSTER: 'nats://h:1' } },
      ),
    )
    expect(desktop).toMatchObject({ name: 'laptop.example.org', role: 'viewer' })
    const long = settingsOf(
      resolveClusterSettings(
        { cluster: 'nats://h:1' },
        { ...headless, hostname: `${'a'.repeat(60)}.example.org` },
      ),
    )
    expect(long?.name).toBe('a'.repeat(60))
  })

  it('takes credentials out of the URL, TLS from tls:// or the environment', () => {
    const withUser = settingsOf(
      resolveClusterSettings({ cluster: 'tls://vigil:s%40cret@nats.lan:4222' }, headless),
    )
    expect(withUser).toMatchObject({
      servers: ['tls://nats.lan:4222'],
      auth: { user: 'vigil', pass: 's@cret' },
      tls: {},
    })
    const withToken = settingsOf(
      resolveClusterSettings(
        { cluster: 'nats://T0KEN@a:1, nats://b:2' },
        { ...headless, env: { VIGIL_CLUSTER_CA: '/ca.pem', VIGIL_CLUSTER_CREDS: '/v.creds' } },
      ),
    )
    expect(withToken).toMatchObject({
      servers: ['nats://a:1', 'nats://b:2'],
      auth: { token: 'T0KEN', credsFile: '/v.creds' },
      tls: { caFile: '/ca.pem' },
    })
  })

  it('reads retention and size, and refuses what it cannot use with a message', () => {
    const kept = settingsOf(
      resolveClusterSettings(
        { cluster: 'nats://h:1', retention: '7d', maxBytes: '4GiB', seed: true, role: 'viewer' },
        headless,
      ),
    )
    expect(kept).toMatchObject({
      role: 'viewer',
      seed: true,
      retention: { maxAgeMs: 7 * 86_400_000, maxBytes: 4 * 2 ** 30 },
    })
    const refusals: [object, RegExp][] = [
      [{ cluster: 'http://h:1' }, /nats:\/\/HOST:PORT/],
      [{ cluster: 'not a url' }, /not a URL/],
      [{ cluster: 'nats://h:1/x' }, /has a path/],
      [{ cluster: 'nats://h:1', nodeName: 'a b' }, /--node-name "a b"/],
      [{ cluster: 'nats://h:1', role: 'boss' }, /--role must be/],
      [{ cluster: 'nats://h:1', retention: '10' }, /--cluster-retention "10"/],
      [{ cluster: 'nats://h:1', retention: '30s' }, /at least a minute/],
      [{ cluster: 'nats://h:1', maxBytes: '5TB' }, /512MiB/],
    ]
    for (const [input, message] of refusals)
      expect(messageOf(resolveClusterSettings(input, headless))).toMatch(message)
    expect(
      messageOf(
        resolveClusterSettings(
          { cluster: 'nats://h:1' },
          { ...headless, env: { VIGIL_CLUSTER_CERT: '/c.pem' } },
        ),
      ),
    ).toMatch(/go together/)
    expect(
      messageOf(resolveClusterSettings({ cluster: 'nats://h:1' }, { ...headless, hostname: '-' })),
    ).toMatch(/--node-name/)
  })
})
