import { describe, expect, it } from 'vitest'
import { configSchema, type Config } from '../../../shared/config'
import type { SourceConfig } from '../../../shared/source-config'
import { checkConfigDocument } from './config-migrations'
import { exportConfig, exportedCredentials, previewImport } from './config-transfer'

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

const current: Config = configSchema.parse({
  version: 1,
  sources: [source('keep'), source('edit'), source('drop')],
})

describe('exportConfig', () => {
  it('carries the document and names the secret references left behind', () => {
    // A source's login secret and a webhook's templated token are both references.
    const withRefs = configSchema.parse({
      ...current,
      sources: [
        source('a', {
          auth: { type: 'message', template: '{"token":"{{secret}}"}', secret: 'neuroio-token' },
        }),
      ],
      triggers: [
        {
          id: 't',
          name: 'T',
          condition: { all: [] },
          actions: [{ type: 'webhook', url: 'https://chat.example/hook/{{secret.chat-token}}' }],
        },
      ],
    })
    const exported = exportConfig(withRefs, 1_234)
    expect(exported).toEqual({
      config: withRefs,
      secretRefs: ['chat-token', 'neuroio-token'],
      exportedAt: 1_234,
    })
  })
})

describe('exportConfig and literal credentials in headers', () => {
  const withLiterals = configSchema.parse({
    version: 1,
    sources: [
      source('faces', {
        // The login already uses the name the first header would get.
        auth: { type: 'query', param: 'token', secret: 'faces-x-api-key' },
        headers: {
          'X-Api-Key': '9f8e7d6c',
          Authorization: 'Bearer tok-123',
          cookie: 'sid=abc; theme=dark',
          'X-Refresh-TOKEN': '9f8e7d6c',
          'X-Session-Secret': '{{secret.have}}',
          'X-Client': 'vigil',
        },
      }),
    ],
    triggers: [
      {
        id: 'pager',
        name: 'Pager',
        actions: [
          {
            type: 'webhook',
            url: 'https://pager.example/hook',
            headers: {
              'Proxy-Authorization': 'Basic dXNlcjpwYXNz',
              'X-Password': 'hunter2',
              'X-Key-Of-Event': '{{payload.key}}',
              Accept: 'application/json',
            },
          },
        ],
      },
    ],
  })

  it('names literal credential values as secret references, listed to enter on import', () => {
    const exported = exportConfig(withLiterals, 5)
    expect(exported.config.sources[0]!.headers).toEqual({
      'X-Api-Key': '{{secret.faces-x-api-key-2}}',
      Authorization: 'Bearer {{secret.faces-authorization}}',
      cookie: '{{secret.faces-cookie}}',
      'X-Refresh-TOKEN': '{{secret.faces-x-refresh-token}}',
      'X-Session-Secret': '{{secret.have}}',
      'X-Client': 'vigil',
    })
    const webhook = exported.config.triggers[0]!.actions[0]
    expect(webhook?.type === 'webhook' && webhook.headers).toEqual({
      'Proxy-Authorization': 'Basic {{secret.pager-proxy-authorization}}',
      'X-Password': '{{secret.pager-x-password}}',
      'X-Key-Of-Event': '{{payload.key}}',
      Accept: 'application/json',
    })
    expect(exported.secretRefs).toEqual([
      'faces-authorization',
      'faces-cookie',
      'faces-x-api-key',
      'faces-x-api-key-2',
      'faces-x-refresh-token',
      'have',
      'pager-proxy-authorization',
      'pager-x-password',
    ])
    expect(JSON.stringify(exported)).not.toMatch(/9f8e7d6c|tok-123|sid=abc|dXNlcjpwYXNz|hunter2/)
  })

  it('exports a document that still validates, and leaves the running config alone', () => {
    const before = structuredClone(withLiterals)
    const exported = exportConfig(withLiterals, 5)
    expect(checkConfigDocument(JSON.parse(JSON.stringify(exported.config)))).toMatchObject({
      ok: true,
    })
    expect(withLiterals).toEqual(before)
    const clean = configSchema.parse({ version: 1, sources: [source('a')] })
    expect(exportConfig(clean, 5).config).toEqual(clean)
  })
})

describe('exportedCredentials', () => {
  const keyed = configSchema.parse({
    version: 1,
    sources: [source('cam', { headers: { 'X-Api-Key': 'v-1' } })],
  })

  it('lists the value behind each new reference, for the export to store', () => {
    expect(exportedCredentials(keyed)).toEqual([['cam-x-api-key', 'v-1']])
  })

  it('reuses a stored secret with the same value, and avoids one holding another', () => {
    const same = new Map([['cam-x-api-key', 'v-1']])
    expect(exportedCredentials(keyed, same)).toEqual([])
    expect(exportConfig(keyed, 1, same).config.sources[0]!.headers).toEqual({
      'X-Api-Key': '{{secret.cam-x-api-key}}',
    })
    const other = new Map([['cam-x-api-key', 'someone else']])
    expect(exportedCredentials(keyed, other)).toEqual([['cam-x-api-key-2', 'v-1']])
    expect(exportConfig(keyed, 1, other).config.sources[0]!.headers).toEqual({
      'X-Api-Key': '{{secret.cam-x-api-key-2}}',
    })
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
      reusedSecrets: [],
      newWebhookOrigins: [],
    })
  })

  it('lists the webhook origins that no webhook of the current config sends to', () => {
    const hook = (id: string, ...urls: string[]) => ({
      id,
      name: id,
      actions: urls.map((url) => ({ type: 'webhook', url })),
    })
    const before: Config = configSchema.parse({
      version: 1,
      triggers: [hook('chat', 'https://chat.example/hook/{{secret.chat-token}}')],
    })
    const incoming = {
      version: 1,
      triggers: [
        // Same origin (the default port spelled out), another path: nothing new.
        hook('chat', 'https://CHAT.example:443/other'),
        hook('pager', 'http://10.0.0.5:8080/alert?who={{payload.id}}', 'https://pager.example/x'),
        hook('also-pager', 'https://pager.example/y'),
      ],
    }
    const preview = previewImport(before, incoming, [])
    expect(preview.valid && preview.newWebhookOrigins).toEqual([
      { origin: 'http://10.0.0.5:8080', triggers: ['pager'] },
      { origin: 'https://pager.example', triggers: ['pager', 'also-pager'] },
    ])
  })

  it('names the secret references that have no value on this machine', () => {
    const incoming = {
      version: 1,
      sources: [
        source('a', { auth: { type: 'query', param: 'token', secret: 'have' } }),
        source('b', {
          auth: { type: 'header', name: 'Authorization', scheme: 'bearer', secret: 'need' },
        }),
      ],
    }
    const preview = previewImport(current, incoming, ['have'])
    expect(preview.valid && preview.missingSecrets).toEqual(['need'])
  })

  it('names the stored secrets that added or changed sources and webhooks would send', () => {
    const withSecrets: Config = configSchema.parse({
      version: 1,
      sources: [source('a', { auth: { type: 'query', param: 'token', secret: 'key' } })],
    })
    const webhook = (url: string) => ({
      id: 'exfil',
      name: 'x',
      actions: [{ type: 'webhook', url, headers: { 'X-Token': '{{secret.other}}' } }],
    })
    const incoming = {
      version: 1,
      // Unchanged: it used the secret already.
      sources: [source('a', { auth: { type: 'query', param: 'token', secret: 'key' } })],
      triggers: [webhook('http://127.0.0.1:9/{{secret.key}}')],
    }
    const preview = previewImport(withSecrets, incoming, ['key', 'other', 'unused'])
    expect(preview.valid && preview.reusedSecrets).toEqual([
      { secret: 'key', sources: [], triggers: ['exfil'] },
      { secret: 'other', sources: [], triggers: ['exfil'] },
    ])
    const moved = previewImport(
      withSecrets,
      {
        version: 1,
        sources: [
          source('a', {
            url: 'ws://127.0.0.1:7/',
            auth: { type: 'query', param: 'token', secret: 'key' },
          }),
        ],
      },
      ['key'],
    )
    expect(moved.valid && moved.reusedSecrets).toEqual([
      { secret: 'key', sources: ['a'], triggers: [] },
    ])
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
