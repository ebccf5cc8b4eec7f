import { describe, expect, it } from 'vitest'
import { MemorySecretStore } from '../secrets/secret-store'
import { applyAuth, CredentialError, renderTemplate, scrubSecrets, withQueryParam } from './auth'

const store = new MemorySecretStore({ token: 'abc/123+"x"', password: 'p@ss:word' })

describe('applyAuth', () => {
  it('puts a query secret into the URL without re-encoding what was there', async () => {
    const applied = await applyAuth(
      { type: 'query', param: 'service-id', secret: 'token' },
      'wss://h/streaming?environment=ps2&service-id=s:old#frag',
      {},
      store,
    )
    expect(applied.url).toBe('wss://h/streaming?environment=ps2&service-id=abc%2F123%2B%22x%22')
    expect(applied.secrets).toEqual(['abc/123+"x"'])
    expect(withQueryParam('ws://h/', 'id', 's:example')).toBe('ws://h/?id=s:example')
  })

  it('builds bearer, basic and raw headers, replacing a configured header of any case', async () => {
    const headers = { authorization: 'old', 'X-Other': '1' }
    const bearer = await applyAuth(
      { type: 'header', name: 'Authorization', scheme: 'bearer', secret: 'token' },
      'ws://h/',
      headers,
      store,
    )
    expect(bearer.headers).toEqual({ 'X-Other': '1', Authorization: 'Bearer abc/123+"x"' })
    const basic = await applyAuth(
      {
        type: 'header',
        name: 'Authorization',
        scheme: 'basic',
        username: 'pi',
        secret: 'password',
      },
      'ws://h/',
      {},
      store,
    )
    expect(basic.headers.Authorization).toBe(`Basic ${btoa('pi:p@ss:word')}`)
    // The encoded form is a secret too: it must be scrubbed from messages like the value.
    expect(basic.secrets).toEqual(['p@ss:word', btoa('pi:p@ss:word')])
    const raw = await applyAuth(
      { type: 'header', name: 'X-Api-Key', scheme: 'raw', secret: 'token' },
      'ws://h/',
      {},
      store,
    )
    expect(raw.headers).toEqual({ 'X-Api-Key': 'abc/123+"x"' })
  })

  it('renders the login message with the secret, valid JSON whatever the secret holds', async () => {
    const applied = await applyAuth(
      {
        type: 'message',
        template: { action: 'AUTH', data: { token: '{{secret}}' } },
        secret: 'token',
      },
      'ws://h/',
      {},
      store,
    )
    expect(JSON.parse(applied.message!)).toEqual({ action: 'AUTH', data: { token: 'abc/123+"x"' } })
    expect(renderTemplate('LOGIN {{secret}} {{secret}}', 's')).toBe('LOGIN s s')
    expect(renderTemplate('no placeholder', undefined)).toBe('no placeholder')
  })

  it('names a missing secret by its reference, never guessing a value', async () => {
    const missing = applyAuth(
      { type: 'header', name: 'Authorization', scheme: 'bearer', secret: 'absent' },
      'ws://h/',
      {},
      store,
    )
    await expect(missing).rejects.toBeInstanceOf(CredentialError)
    await expect(missing).rejects.toThrow('the secret "absent" is not stored')
    // Words for the user, not the name of an internal channel.
    await expect(missing).rejects.toThrow(/enter it in this source's settings/)
    await expect(missing).rejects.not.toThrow(/secret:set/)
  })
})

describe('scrubSecrets', () => {
  it('removes the value and its URL-encoded forms', () => {
    expect(scrubSecrets('failed: abc/123+"x" in ?t=abc%2F123%2B%22x%22', ['abc/123+"x"'])).toBe(
      'failed: *** in ?t=***',
    )
    expect(scrubSecrets('nothing here', [''])).toBe('nothing here')
  })

  it('removes the JSON-escaped forms: in a frame, and in a quoted preview of one', () => {
    const secret = 'se"cr\\et'
    const frame = JSON.stringify({ echo: { token: secret } })
    expect(scrubSecrets(`the server reported: ${frame}`, [secret])).toBe(
      'the server reported: {"echo":{"token":"***"}}',
    )
    expect(scrubSecrets(`not valid JSON: ${JSON.stringify(`x ${frame}`)}`, [secret])).toBe(
      'not valid JSON: "x {\\"echo\\":{\\"token\\":\\"***\\"}}"',
    )
  })

  it('removes the start of a secret that a preview cut short', () => {
    expect(scrubSecrets('"AUTH SuperSec…"', ['SuperSecret123'])).toBe('"AUTH ***…"')
    // Only a start of three characters or more: two give nothing away.
    expect(scrubSecrets('"AUTH Su…"', ['SuperSecret123'])).toBe('"AUTH Su…"')
    expect(scrubSecrets('"AUTH Sup and more…"', ['SuperSecret123'])).toBe('"AUTH Sup and more…"')
  })
})
