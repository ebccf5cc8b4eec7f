import { describe, expect, it } from 'vitest'
import { checkHostAndOrigin, createAccessPolicy, exposureWarning } from './access'

describe('createAccessPolicy', () => {
  it('accepts loopback names when bound to loopback, and nothing else', () => {
    const policy = createAccessPolicy('127.0.0.1', 4000, 'token', () => ['192.168.1.5'])
    expect([...policy.allowedHosts].sort()).toEqual([
      '127.0.0.1:4000',
      '[::1]:4000',
      'localhost:4000',
    ])
  })

  it("accepts every one of the machine's addresses when bound to a wildcard, by address", () => {
    const policy = createAccessPolicy('0.0.0.0', 4000, 'token', () => [
      '127.0.0.1',
      '192.168.1.5',
      'fe80::1',
    ])
    expect(policy.allowedHosts).toEqual(
      new Set([
        '127.0.0.1:4000',
        'localhost:4000',
        '[::1]:4000',
        '192.168.1.5:4000',
        '[fe80::1]:4000',
      ]),
    )
    expect(checkHostAndOrigin(policy, { host: '192.168.1.5:4000' })).toEqual({ ok: true })
    expect(
      checkHostAndOrigin(policy, { host: '192.168.1.5:4000', origin: 'http://192.168.1.5:4000' }),
    ).toEqual({ ok: true })
    expect(checkHostAndOrigin(policy, { host: '0.0.0.0:4000' })).toMatchObject({ status: 421 })
    expect(checkHostAndOrigin(policy, { host: 'evil.example:4000' })).toMatchObject({
      status: 421,
    })
  })
})

describe('exposureWarning', () => {
  it('says nothing on loopback', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]'])
      expect(exposureWarning(host, 4000), host).toBeNull()
    expect(exposureWarning('::ffff:127.0.0.1', 4000)).toBeNull()
  })

  it('warns of plain HTTP on the network for any other address, with what to do instead', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'fe80::1', 'myhost.local', '128.0.0.1']) {
      const warning = exposureWarning(host, 4000)
      expect(warning, host).toContain(`--host ${host} makes the UI and the REST API reachable`)
      expect(warning).toMatch(/plain HTTP/)
      expect(warning).toMatch(/TLS-terminating reverse proxy/)
      expect(warning).toContain('ssh -L 4000:127.0.0.1:4000')
    }
  })
})
