import { describe, expect, it } from 'vitest'
import { validateConfig } from './config'
import { triggerConfigSchema } from './trigger-config'
import { validateWith } from './schema-kit'

const source = {
  id: 'ps2',
  name: 'PS2',
  preset: 'census',
  url: 'wss://push.planetside2.com/streaming',
}
const trigger = {
  id: 'br',
  name: 'Battle ranks',
  events: ['BattleRankUp'],
  actions: [
    { type: 'notify', title: '{{payload.character_id}} reached BR {{payload.battle_rank}}' },
  ],
}

describe('trigger config', () => {
  it('fills defaults for omitted keys', () => {
    const result = validateWith(triggerConfigSchema, trigger)
    expect(result.ok && result.value).toEqual({
      ...trigger,
      enabled: true,
      sources: [],
      condition: { all: [] },
      actions: [{ ...trigger.actions[0], body: '', urgency: 'normal' }],
      noise: { quietHours: [] },
      mode: 'every',
    })
  })

  it('accepts every action and noise setting', () => {
    const result = validateWith(triggerConfigSchema, {
      ...trigger,
      sources: ['ps2', 'vigil'],
      actions: [
        { type: 'notify', title: 't', body: 'b', urgency: 'critical' },
        { type: 'sound', sound: 'alarm' },
        {
          type: 'webhook',
          url: 'https://hooks.example.com/{{secret.hook}}',
          headers: { Authorization: 'Bearer {{secret.token}}' },
          body: { text: '{{payload.character_id}}', n: 1, list: ['{{type}}'] },
        },
        {
          type: 'send',
          source: 'ps2',
          message: { service: 'event', action: 'echo', payload: { x: '{{id}}' } },
        },
        { type: 'log', message: 'seen {{type}}' },
      ],
      noise: {
        cooldown: { seconds: 60, key: '{{payload.character_id}}' },
        dedupe: { seconds: 5 },
        maxPerMinute: 3,
        quietHours: [{ days: ['sat', 'sun'], from: '22:00', to: '07:30' }],
        snoozeUntil: '2030-01-01T00:00:00Z',
      },
      mode: 'single-shot',
    })
    expect(result.ok ? [] : result.issues).toEqual([])
  })

  it('reports problems inside a config at the path of the bad leaf', () => {
    const result = validateConfig({
      version: 1,
      sources: [source],
      triggers: [
        trigger,
        { ...trigger, id: 'b' },
        {
          ...trigger,
          id: 'c',
          condition: {
            all: [
              { field: 'payload.a', op: 'eq', value: 1 },
              { field: 'payload.a', op: 'matches', value: '[' },
            ],
          },
        },
        {
          ...trigger,
          id: 'd',
          sources: ['nope'],
          actions: [
            { type: 'webhook', url: 'ftp://x' },
            { type: 'notify', title: '{{payload.x' },
            { type: 'send', source: 'gone', message: 'hi' },
            { type: 'webhook', url: 'https://x', body: { a: ['{{oops}}'] } },
            { type: 'pager' },
          ],
          noise: { quietHours: [{ from: '25:00', to: '07:00' }], cooldown: { seconds: 0 } },
        },
        { ...trigger, id: 'b', actions: [] },
      ],
    })
    expect(result.ok).toBe(false)
    const paths = !result.ok ? result.issues.map((issue) => issue.path) : []
    expect(paths).toEqual([
      'triggers.2.condition.all.1.value',
      'triggers.3.actions.0.url',
      'triggers.3.actions.1.title',
      'triggers.3.actions.3.body.a.0',
      'triggers.3.actions.4.type',
      'triggers.3.noise.cooldown.seconds',
      'triggers.3.noise.quietHours.0.from',
      'triggers.4.actions',
    ])
  })

  it('refuses a webhook whose host or port a template fills, at the URL and in plain words', () => {
    const result = validateConfig({
      version: 1,
      sources: [source],
      triggers: [
        {
          ...trigger,
          actions: [
            { type: 'webhook', url: 'https://hooks.example.com/{{secret.hook}}?c={{payload.x}}' },
            { type: 'webhook', url: 'https://{{payload.host}}/x' },
            { type: 'webhook', url: 'http://169.254.169.254/latest/meta-data/' },
          ],
        },
      ],
    })
    expect(!result.ok && result.issues).toEqual([
      {
        path: 'triggers.0.actions.1.url',
        message:
          'write the scheme, host and port out in full: a template may fill the path, query or body, never where the request goes',
      },
      {
        path: 'triggers.0.actions.2.url',
        message:
          '169.254.169.254 is a link-local address (where cloud metadata services answer), which webhooks never reach',
      },
    ])
  })

  it('checks references once the triggers themselves are valid', () => {
    const result = validateConfig({
      version: 1,
      sources: [source],
      triggers: [
        { ...trigger, sources: ['ps2', 'vigil', 'nope'] },
        { ...trigger, actions: [{ type: 'send', source: 'gone', message: 'hi' }] },
      ],
    })
    expect(!result.ok && result.issues).toEqual([
      { path: 'triggers.0.sources.2', message: 'no source with id "nope"' },
      { path: 'triggers.1.id', message: 'duplicate trigger id "br"' },
      { path: 'triggers.1.actions.0.source', message: 'no source with id "gone"' },
    ])
  })

  it('reserves the vigil source id', () => {
    const result = validateConfig({ version: 1, sources: [{ ...source, id: 'vigil' }] })
    expect(!result.ok && result.issues[0]?.path).toBe('sources.0.id')
  })
})
