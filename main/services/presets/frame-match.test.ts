import { describe, expect, it } from 'vitest'
import { authReplyFromMatches, compileFrameMatch, framePreview } from './frame-match'

describe('frame matching', () => {
  it('matches a value, or the presence of a path', () => {
    const ok = compileFrameMatch({ path: 'auth', equals: 'ok' })
    expect(ok({ auth: 'ok' })).toBe(true)
    expect(ok({ auth: 'no' })).toBe(false)
    expect(ok('auth')).toBe(false)
    const hasError = compileFrameMatch({ path: 'error' })
    expect(hasError({ error: null })).toBe(true)
    expect(hasError({ other: 1 })).toBe(false)
    expect(compileFrameMatch({ path: 'a.b', equals: null })({ a: { b: null } })).toBe(true)
  })

  it('compares strings with numbers and booleans by text (services send "1" for 1)', () => {
    expect(compileFrameMatch({ path: 'code', equals: 1 })({ code: '1' })).toBe(true)
    expect(compileFrameMatch({ path: 'online', equals: 'true' })({ online: true })).toBe(true)
    expect(compileFrameMatch({ path: 'code', equals: 1 })({ code: { n: 1 } })).toBe(false)
  })

  it('reads a login reply, failure first, and previews the frame in the message', () => {
    const classify = authReplyFromMatches({ path: 'auth', equals: 'ok' }, { path: 'error' })
    expect(classify({ auth: 'ok' })).toEqual({ outcome: 'accepted' })
    expect(classify({ auth: 'ok', error: 'expired' })).toEqual({
      outcome: 'rejected',
      message: 'the server rejected the login: {"auth":"ok","error":"expired"}',
    })
    expect(classify({ id: 1, data: {} })).toBeUndefined()
    expect(framePreview({ long: 'x'.repeat(300) }).length).toBe(201)
  })
})
