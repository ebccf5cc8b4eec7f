import { describe, expect, it } from 'vitest'
import type { Config } from '../../../shared/config'
import type { SourceConfig } from '../../../shared/source-config'
import { exportConfig, previewImport } from './config-transfer'

const source = (id: string, extra: Partial<SourceConfig> = {}): SourceConfig => ({
  id,
  name: id.toUpperCase(),
  preset: 'generic',
  enabled: true,
  url: 'ws://127.0.0.1:1/',
  headers: {},
  onOpen: [],
  ...extra,
})

const current: Config = {
  version: 1,
  sources: [source('keep'), source('edit'), source('drop')],
  triggers: [],
}

describe('exportConfig', () => {
  it('carries the document and names the secret references left behind', () => {
    // Secret references, wherever a document holds them (auth settings of later versions).
    const withRefs = {
      ...current,
      sources: [{ ...source('a'), onOpen: [{ auth: { tokenSecretRef: 'neuroio-token' } }] }],
    } as Config
    const exported = exportConfig(withRefs, 1_234)
    expect(exported).toEqual({ config: withRefs, secretRefs: ['neuroio-token'], exportedAt: 1_234 })
  })
})

describe('previewImport', () => {
  it('lists sources added, changed (with the keys) and removed, and preferences changed', () => {
    const incoming = {
      version: 1,
      sources: [
        source('keep'),
        source('edit', { url: 'ws://127.0.0.1:2/', enabled: false }),
        source('new'),
      ],
      preferences: { history: { retentionDays: 7 } },
    }
    const preview = previewImport(current, incoming, [])
    expect(preview).toEqual({
      valid: true,
      config: expect.objectContaining({ version: 1 }),
      migratedFrom: null,
      changes: {
        sources: {
          added: ['new'],
          changed: [{ id: 'edit', keys: ['enabled', 'url'] }],
          removed: ['drop'],
          unchanged: 1,
        },
        triggers: { added: [], changed: [], removed: [], unchanged: 0 },
        preferences: ['history.retentionDays'],
      },
      missingSecrets: [],
    })
  })

  it('names the secret references that have no value on this machine', () => {
    const incoming = {
      version: 1,
      sources: [source('a', { onOpen: [{ secretRef: 'have' }, { secretRef: 'need' }] })],
    }
    const preview = previewImport(current, incoming, ['have'])
    expect(preview.valid && preview.missingSecrets).toEqual(['need'])
  })

  it('reports every problem of an invalid document instead of a change list', () => {
    const preview = previewImport(current, { version: 1, sources: [{ id: 'Bad!' }] }, [])
    expect(preview.valid).toBe(false)
    if (preview.valid) return
    expect(preview.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['sources.0.id', 'sources.0.name', 'sources.0.url']),
    )
  })
})
