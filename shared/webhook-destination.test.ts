import { describe, expect, it } from 'vitest'
import {
  forbiddenAddress,
  forbiddenHost,
  literalOrigin,
  webhookUrlProblem,
} from './webhook-destination'

describe('webhook destinations', () => {
  it('reads the origin a URL template writes out, templates after it', () => {
    expect(literalOrigin('https://hooks.example.com/{{secret.hook}}')).toEqual({
      ok: true,
      origin: 'https://hooks.example.com',
      hostname: 'hooks.example.com',
    })
    expect(literalOrigin('HTTP://Chat.Example:8080?to={{payload.room}}')).toMatchObject({
      origin: 'http://chat.example:8080',
    })
    expect(literalOrigin('http://127.0.0.1:9000#{{type}}')).toMatchObject({
      origin: 'http://127.0.0.1:9000',
    })
  })

  it('refuses a template anywhere in the scheme, host or port', () => {
    for (const text of [
      'https://{{payload.host}}/x',
      'https://hooks.example.com:{{payload.port}}/x',
      'https://hooks.{{payload.domain}}/x',
      'https://hooks.example.com{{payload.path}}',
      'https://user@{{payload.host}}/x',
      'https://{{secret.host}}/x',
      'http{{payload.s}}://hooks.example.com/',
      '{{payload.url}}',
    ])
      expect(webhookUrlProblem(text), text).toMatch(
        /write the scheme, host and port out in full|must be an http/,
      )
  })

  it('refuses link-local and metadata destinations, in every spelling', () => {
    for (const text of [
      'http://169.254.169.254/latest/meta-data/',
      'http://169.254.0.1/',
      'http://0xA9FEA9FE/',
      'http://2852039166/',
      'http://[fe80::1]/',
      'http://[febf:ffff::1]/',
      'http://[::ffff:169.254.169.254]/',
      'http://[64:ff9b::a9fe:a9fe]/',
      'http://[fd00:ec2::254]/',
      'http://100.100.100.200/',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://METADATA.google.internal./',
      'http://metadata/',
      'http://instance-data/latest/',
    ])
      expect(webhookUrlProblem(text), text).toMatch(/(link-local|metadata).*never reach/)
  })

  it('allows loopback, private networks and public hosts, which the user wrote', () => {
    for (const text of [
      'http://127.0.0.1:8080/hook',
      'http://[::1]/',
      'http://localhost/x',
      'http://192.168.1.10/x',
      'http://10.0.0.2/x',
      'http://[fd12::1]/',
      'http://[fec0::1]/',
      'https://hooks.example.com/{{secret.hook}}',
      'https://metadata.example.com/',
    ])
      expect(webhookUrlProblem(text), text).toBeUndefined()
  })

  it('checks resolved addresses the same way', () => {
    expect(forbiddenAddress('169.254.169.254')).toMatch(/link-local/)
    expect(forbiddenAddress('::ffff:a9fe:a9fe')).toMatch(/link-local/)
    expect(forbiddenAddress('fe80::abcd')).toMatch(/link-local/)
    expect(forbiddenAddress('127.0.0.1')).toBeUndefined()
    expect(forbiddenAddress('::ffff:127.0.0.1')).toBeUndefined()
    expect(forbiddenAddress('hooks.example.com')).toBeUndefined()
    expect(forbiddenHost('[fe80::1]')).toMatch(/link-local/)
  })
})
