import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { TEST_PAGE_PATH, TEST_PAGE_URL } from '../shell/testing/fakes'
import { isTrustedSender, type RendererOrigin } from './sender-check'

const file: RendererOrigin = { kind: 'file', indexPath: TEST_PAGE_PATH }
const dev: RendererOrigin = { kind: 'dev', origin: 'http://localhost:5173' }
const facts = (url: string, overrides = {}) => ({
  fromOurWindow: true,
  isMainFrame: true,
  url,
  ...overrides,
})

describe('isTrustedSender', () => {
  it('trusts the main frame of our window showing our renderer', () => {
    expect(isTrustedSender(facts(`${TEST_PAGE_URL}#/live`), file)).toBe(true)
    expect(isTrustedSender(facts('http://localhost:5173/#/sources'), dev)).toBe(true)
  })

  it('refuses subframes, other windows, other files and other origins', () => {
    expect(isTrustedSender(facts(TEST_PAGE_URL, { isMainFrame: false }), file)).toBe(false)
    expect(isTrustedSender(facts(TEST_PAGE_URL, { fromOurWindow: false }), file)).toBe(false)
    expect(isTrustedSender(facts(pathToFileURL('/tmp/evil.html').href), file)).toBe(false)
    expect(isTrustedSender(facts('https://evil.example/'), file)).toBe(false)
    expect(isTrustedSender(facts('http://localhost:5174/'), dev)).toBe(false)
    expect(isTrustedSender(facts('not a url'), dev)).toBe(false)
  })
})
