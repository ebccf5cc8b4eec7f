import { describe, expect, it } from 'vitest'
import { TEST_PAGE_URL } from '../shell/testing/fakes'
import { isTrustedSender, type RendererOrigin } from './sender-check'

const app: RendererOrigin = { kind: 'app' }
const dev: RendererOrigin = { kind: 'dev', origin: 'http://localhost:5173' }
const facts = (url: string, overrides = {}) => ({
  fromOurWindow: true,
  isMainFrame: true,
  url,
  ...overrides,
})

describe('isTrustedSender', () => {
  it('trusts the main frame of our window showing our renderer', () => {
    expect(isTrustedSender(facts(`${TEST_PAGE_URL}#/live`), app)).toBe(true)
    expect(isTrustedSender(facts('http://localhost:5173/#/sources'), dev)).toBe(true)
  })

  it('refuses subframes, other windows, other files and other origins', () => {
    expect(isTrustedSender(facts(TEST_PAGE_URL, { isMainFrame: false }), app)).toBe(false)
    expect(isTrustedSender(facts(TEST_PAGE_URL, { fromOurWindow: false }), app)).toBe(false)
    expect(isTrustedSender(facts('file:///app/out/renderer/index.html'), app)).toBe(false)
    expect(isTrustedSender(facts('vigil://app/other.html'), app)).toBe(false)
    expect(isTrustedSender(facts('vigil://app/index.html?x=1'), app)).toBe(false)
    expect(isTrustedSender(facts('vigil://evil/index.html'), app)).toBe(false)
    expect(isTrustedSender(facts('https://evil.example/'), app)).toBe(false)
    expect(isTrustedSender(facts('http://localhost:5174/'), dev)).toBe(false)
    expect(isTrustedSender(facts('not a url'), dev)).toBe(false)
  })
})
