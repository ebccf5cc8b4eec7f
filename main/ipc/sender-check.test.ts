import { describe, expect, it } from 'vitest'
import { isTrustedSender, type RendererOrigin } from './sender-check'

const file: RendererOrigin = { kind: 'file', indexPath: '/app/out/renderer/index.html' }
const dev: RendererOrigin = { kind: 'dev', origin: 'http://localhost:5173' }
const facts = (url: string, overrides = {}) => ({
  fromOurWindow: true,
  isMainFrame: true,
  url,
  ...overrides,
})

describe('isTrustedSender', () => {
  it('trusts the main frame of our window showing our renderer', () => {
    expect(isTrustedSender(facts('file:///app/out/renderer/index.html#/live'), file)).toBe(true)
    expect(isTrustedSender(facts('http://localhost:5173/#/sources'), dev)).toBe(true)
  })

  it('refuses subframes, other windows, other files and other origins', () => {
    expect(
      isTrustedSender(facts('file:///app/out/renderer/index.html', { isMainFrame: false }), file),
    ).toBe(false)
    expect(
      isTrustedSender(facts('file:///app/out/renderer/index.html', { fromOurWindow: false }), file),
    ).toBe(false)
    expect(isTrustedSender(facts('file:///tmp/evil.html'), file)).toBe(false)
    expect(isTrustedSender(facts('https://evil.example/'), file)).toBe(false)
    expect(isTrustedSender(facts('http://localhost:5174/'), dev)).toBe(false)
    expect(isTrustedSender(facts('not a url'), dev)).toBe(false)
  })
})
