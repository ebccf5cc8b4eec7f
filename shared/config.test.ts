import { describe, expect, it } from 'vitest'
import { validateConfig } from './config'
import { defaultShellPreferences } from './preferences-shell'
import { validateSource } from './source-config'

const source = {
  id: 'ps2',
  name: 'PS2',
  preset: 'census',
  url: 'wss://push.planetside2.com/streaming',
}

describe('config v1', () => {
  it('fills defaults for omitted keys', () => {
    const result = validateConfig({ version: 1, sources: [source] })
    expect(result.ok && result.value).toEqual({
      version: 1,
      sources: [{ ...source, enabled: true, headers: {}, onOpen: [] }],
      triggers: [],
      preferences: {
        history: { retentionDays: 30, maxSizeMb: 1024, backlogMb: 32, whenBehind: 'slow-sources' },
        memory: { recentEventsMb: 16 },
        shell: defaultShellPreferences(),
        // New triggers start with a rate limit unless the document says otherwise.
        triggers: { noise: { maxPerMinute: 2, quietHours: [] } },
      },
    })
  })

  it('keeps the default noise a document sets, even none', () => {
    const result = validateConfig({
      version: 1,
      preferences: { triggers: { noise: { quietHours: [] } } },
    })
    expect(result.ok && result.value.preferences.triggers.noise).toEqual({ quietHours: [] })
  })

  it('names unknown keys with their path instead of dropping them', () => {
    const result = validateConfig({
      version: 1,
      sources: [{ ...source, colour: 'red' }],
      extra: true,
    })
    expect(result.ok).toBe(false)
    const paths = !result.ok ? result.issues.map((issue) => issue.message) : []
    expect(paths).toContain('unknown key: sources.0.colour')
    expect(paths).toContain('unknown key: extra')
  })

  it('rejects a wrong version, a bad URL and a bad path, each with its path', () => {
    const result = validateConfig({
      version: 2,
      sources: [
        { ...source, url: 'http://example.com' },
        { ...source, eventTypePath: 'a..b' },
      ],
    })
    expect(result.ok).toBe(false)
    const byPath = Object.fromEntries(
      !result.ok ? result.issues.map((i) => [i.path, i.message]) : [],
    )
    expect(Object.keys(byPath)).toEqual(['version', 'sources.0.url', 'sources.1.eventTypePath'])
    expect(byPath['sources.1.eventTypePath']).toMatch(/position 3/)
  })

  it('rejects duplicate source ids', () => {
    const result = validateConfig({ version: 1, sources: [source, source] })
    expect(!result.ok && result.issues).toEqual([
      { path: 'sources.1.id', message: 'duplicate source id "ps2"' },
    ])
  })

  it('accepts ws, wss and sim URLs, JSON and text on-open messages', () => {
    for (const url of ['ws://127.0.0.1:1234/x', 'wss://h/x', 'sim://census/streaming']) {
      expect(validateSource({ ...source, url }).ok, url).toBe(true)
    }
    expect(validateSource({ ...source, onOpen: ['hello', { action: 'subscribe' }] }).ok).toBe(true)
    expect(validateSource({ ...source, onOpen: [42] }).ok).toBe(false)
  })

  it('refuses header values that would split the handshake', () => {
    expect(validateSource({ ...source, headers: { 'X-Ok': 'a\r\nInjected: 1' } }).ok).toBe(false)
    expect(validateSource({ ...source, headers: { 'bad header': 'x' } }).ok).toBe(false)
  })
})
