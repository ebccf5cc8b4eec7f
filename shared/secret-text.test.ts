import { describe, expect, it } from 'vitest'
import { validateSource, sourceSecretRefs } from './source-config'
import { headerSecretRefs, parseSecretText } from './secret-text'

describe('secret text (source header values)', () => {
  it('fills {{secret.name}} and leaves any other text, braces included, as written', () => {
    const parsed = parseSecretText('Token {{ secret.api-key }}; {{not.a.secret}} {{secrets}} {{x')
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.text.secretNames).toEqual(['api-key'])
    expect(parsed.text.render({ 'api-key': 'k' })).toBe('Token k; {{not.a.secret}} {{secrets}} {{x')
  })

  it('refuses a secret placeholder that is not a plain name', () => {
    for (const text of ['{{secret}}', '{{secret.a.b}}', '{{secret.*}}', 'x {{secret.bad name}}'])
      expect(parseSecretText(text), text).toEqual({
        ok: false,
        message: expect.stringMatching(/^write a secret as \{\{secret\.name\}\} \(position \d+\)$/),
      })
  })

  it('reports a bad header at its path, and counts header secrets among the source’s', () => {
    const source = {
      id: 'faces',
      name: 'Faces',
      preset: 'generic',
      url: 'ws://127.0.0.1:1/',
      headers: { 'X-Api-Key': '{{secret.faces-key}}', Cookie: 'sid={{secret.faces-sid}}' },
    }
    const valid = validateSource(source)
    expect(valid.ok).toBe(true)
    if (valid.ok) expect(sourceSecretRefs(valid.value)).toEqual(['faces-key', 'faces-sid'])
    expect(headerSecretRefs({ a: '{{secret.x}} {{secret.x}}', b: 'plain' })).toEqual(['x'])
    const invalid = validateSource({ ...source, headers: { 'X-Api-Key': '{{secret}}' } })
    expect(!invalid.ok && invalid.issues).toEqual([
      { path: 'headers.X-Api-Key', message: 'write a secret as {{secret.name}} (position 1)' },
    ])
  })
})
