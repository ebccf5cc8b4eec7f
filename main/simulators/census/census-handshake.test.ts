import { describe, expect, it } from 'vitest'
import { checkHandshake } from './census-handshake'

describe('checkHandshake', () => {
  it.each([
    ['/streaming?environment=ps2&service-id=s:example', 'ps2'],
    ['/streaming?environment=ps2ps4us&service-id=s:vigil', 'ps2ps4us'],
    ['/streaming?service-id=s:vigil&environment=ps2ps4eu', 'ps2ps4eu'],
  ])('accepts %s', (url, environment) => {
    expect(checkHandshake(url)).toMatchObject({ ok: true, environment })
  })

  it.each([
    ['/streaming?environment=ps2&service-id=s:rejected', 403],
    ['/streaming?environment=ps2&service-id=example', 403],
    ['/streaming?environment=ps2&service-id=s:', 403],
    ['/streaming?environment=ps2', 403],
    ['/streaming?environment=ps5&service-id=s:example', 400],
    ['/streaming?service-id=s:example', 400],
    ['/elsewhere?environment=ps2&service-id=s:example', 404],
  ])('refuses %s with %i', (url, status) => {
    expect(checkHandshake(url)).toMatchObject({ ok: false, status })
  })
})
