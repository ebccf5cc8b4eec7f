import { describe, expect, it } from 'vitest'
import { validateSource } from './source-config'

const source = { id: 'neuro', name: 'NeuroIO', preset: 'generic', url: 'wss://events.example/' }

const issuesOf = (input: unknown) => {
  const result = validateSource(input)
  return result.ok ? [] : result.issues
}

describe('source connection settings', () => {
  it('accepts every setting, and leaves unset ones out (the engine fills them)', () => {
    const full = {
      ...source,
      protocols: ['v1.events'],
      tls: { caFile: '/etc/vigil/ca.pem', allowSelfSigned: false },
      maxPayloadBytes: 65_536,
      handshakeTimeoutMs: 5_000,
      perMessageDeflate: true,
      auth: {
        type: 'message',
        template: { action: 'AUTH', data: { token: '{{secret}}' } },
        secret: 'neuro-token',
        successWhen: { path: 'auth', equals: 'ok' },
        failureWhen: { path: 'error' },
        timeoutMs: 5_000,
      },
      keepalive: {
        pingIntervalMs: 0,
        pongTimeoutMs: 3_000,
        app: {
          message: { action: 'PING' },
          intervalMs: 5_000,
          expectReply: { path: 'PING', equals: 'PONG' },
        },
      },
      reconnect: { initialMs: 500, maxMs: 30_000, stableAfterMs: 10_000 },
      watchdog: { silenceMs: 20_000, deadChannelMs: 300_000 },
    }
    const result = validateSource(full)
    expect(result.ok && result.value).toEqual({ ...full, enabled: true, headers: {}, onOpen: [] })
    const bare = validateSource(source)
    expect(bare.ok && Object.keys(bare.value).sort()).toEqual([
      'enabled',
      'headers',
      'id',
      'name',
      'onOpen',
      'preset',
      'url',
    ])
  })

  it('fills the header auth defaults', () => {
    const result = validateSource({ ...source, auth: { type: 'header', secret: 'pi' } })
    expect(result.ok && result.value.auth).toEqual({
      type: 'header',
      name: 'Authorization',
      scheme: 'bearer',
      secret: 'pi',
    })
  })

  it('rejects what cannot work, each problem at its path', () => {
    expect(
      issuesOf({
        ...source,
        auth: { type: 'header', scheme: 'basic', secret: 'pi' },
        reconnect: { initialMs: 10_000, maxMs: 1_000 },
        maxPayloadBytes: 10,
        keepalive: { pingIntervalMs: 5 },
        protocols: ['bad protocol'],
      }).map((issue) => issue.path),
    ).toEqual([
      'protocols.0',
      'maxPayloadBytes',
      'auth.username',
      'keepalive.pingIntervalMs',
      'reconnect.maxMs',
    ])
    expect(
      issuesOf({ ...source, auth: { type: 'message', template: 'LOGIN {{secret}}' } }),
    ).toEqual([
      { path: 'auth.secret', message: 'the template uses {{secret}} but names no secret' },
    ])
    expect(
      issuesOf({ ...source, auth: { type: 'query', param: 't', secret: 'has space' } })[0]?.path,
    ).toBe('auth.secret')
    expect(issuesOf({ ...source, auth: { type: 'none', token: 'literal' } })[0]?.message).toBe(
      'unknown key: auth.token',
    )
  })

  it("reserves the id of Vigil's own alert source", () => {
    expect(issuesOf({ ...source, id: 'vigil' })).toEqual([
      { path: 'id', message: '"vigil" is reserved for Vigil\'s own alerts' },
    ])
  })
})
