import { describe, expect, it } from 'vitest'
import { presetDescriptor } from '../../shared/presets'
import { sourceConfigSchema } from '../../shared/source-config'
import { errorsAt, unclaimedIssues } from './form-issues'
import { sourceToForm } from './source-form-read'
import {
  emptySourceForm,
  formToSource,
  slugify,
  validateSourceForm,
  type SourceForm,
} from './source-form'

function form(patch: (form: SourceForm) => void): SourceForm {
  const value = emptySourceForm()
  Object.assign(value, { id: 'faces', name: 'Front door', url: 'wss://events.example.com' })
  patch(value)
  return value
}

const generic = presetDescriptor('generic')
const noSecret = { stored: new Set<string>(), entered: new Set<string>() }

describe('source form', () => {
  it('writes only what the user set', () => {
    const { source, issues } = formToSource(
      form(() => {}),
      generic,
      noSecret,
    )
    expect(issues).toEqual([])
    expect(source).toEqual({
      id: 'faces',
      name: 'Front door',
      preset: 'generic',
      enabled: true,
      url: 'wss://events.example.com',
      headers: {},
      onOpen: [],
    })
  })

  it('turns text into values: JSON objects, text messages, numbers, rules, lists', () => {
    const { source, issues } = formToSource(
      form((f) => {
        f.onOpen = ['{"action": "subscribe"}', 'hello']
        f.headers = [{ name: 'X-Team', value: 'blue' }]
        f.protocols = 'v1.events, json'
        f.reconnectMaxMs = '120000'
        f.silenceMs = '0'
        f.allowSelfSigned = true
        f.appPing = {
          mode: 'custom',
          message: '{"action":"PING"}',
          intervalMs: '5000',
          expectReply: { path: 'PING', equals: 'PONG' },
        }
      }),
      generic,
      noSecret,
    )
    expect(issues).toEqual([])
    expect(source).toMatchObject({
      onOpen: [{ action: 'subscribe' }, 'hello'],
      headers: { 'X-Team': 'blue' },
      protocols: ['v1.events', 'json'],
      reconnect: { maxMs: 120_000 },
      watchdog: { silenceMs: 0 },
      tls: { allowSelfSigned: true },
      keepalive: {
        app: {
          message: { action: 'PING' },
          intervalMs: 5000,
          expectReply: { path: 'PING', equals: 'PONG' },
        },
      },
    })
    expect(source).not.toHaveProperty('keepalive.pingIntervalMs')
  })

  it('round-trips a stored source through the form unchanged', () => {
    const stored = sourceConfigSchema.parse({
      id: 'faces',
      name: 'Front door cameras',
      preset: 'generic',
      url: 'wss://events.neuroio.com',
      eventTypePath: 'data.result',
      onOpen: [{ action: 'subscribe' }],
      auth: {
        type: 'message',
        template: { action: 'AUTH', data: { token: '{{secret}}' } },
        secret: 'neuro-token',
        successWhen: { path: 'auth', equals: 'ok' },
        failureWhen: { path: 'error' },
      },
      keepalive: { pingIntervalMs: 0, app: null },
      watchdog: { silenceMs: 30_000, deadChannelMs: 300_000 },
    })
    const again = sourceConfigSchema.parse(
      formToSource(sourceToForm(stored, generic), generic, noSecret).source,
    )
    expect(again).toEqual(stored)
  })

  it('reports each problem at the config path of its field', () => {
    const result = validateSourceForm(
      form((f) => {
        f.id = 'Bad Id'
        f.url = 'http://example.com'
        f.reconnectInitialMs = 'soon'
        f.reconnectMaxMs = '10'
        f.onOpen = ['{"broken": ']
        f.headers = [
          { name: 'X-A', value: '1' },
          { name: 'X-A', value: '2' },
        ]
      }),
      generic,
      noSecret,
    )
    expect(result.ok).toBe(false)
    const issues = result.ok ? [] : result.issues
    expect(errorsAt(issues, 'id')).toEqual(['use 1-64 lowercase letters, digits, "-" or "_"'])
    expect(errorsAt(issues, 'url')[0]).toMatch(/ws:\/\/ or wss:\/\//)
    expect(errorsAt(issues, 'reconnect.initialMs')).toEqual(['enter a number'])
    expect(errorsAt(issues, 'reconnect.maxMs')[0]).toMatch(/>=\s*50|at least|too small/i)
    expect(errorsAt(issues, 'onOpen.0')[0]).toMatch(/^not valid JSON/)
    expect(errorsAt(issues, 'headers.X-A')).toEqual(['"X-A" is listed twice'])
    expect(unclaimedIssues(issues, ['id', 'url', 'reconnect', 'onOpen', 'headers'])).toEqual([])
  })

  it('asks for the secret a login needs unless one is stored or typed', () => {
    const withAuth = form((f) => {
      f.auth.type = 'header'
    })
    const missing = validateSourceForm(withAuth, generic, noSecret)
    expect(missing.ok ? [] : errorsAt(missing.issues, 'auth.secret')).toEqual([
      'enter the secret this login needs',
    ])
    expect(
      validateSourceForm(withAuth, generic, { ...noSecret, stored: new Set(['faces-secret']) }).ok,
    ).toBe(true)
    const typed = validateSourceForm(withAuth, generic, { ...noSecret, entered: new Set(['auth']) })
    expect(typed.ok && typed.source.auth).toEqual({ type: 'header', secret: 'faces-secret' })
  })

  it('names the secret by reference and never holds its value', () => {
    const result = validateSourceForm(
      form((f) => {
        f.auth.type = 'message'
        f.auth.template = '{"action":"AUTH","token":"{{secret}}"}'
        f.auth.secretRef = 'neuro-token'
      }),
      generic,
      { ...noSecret, entered: new Set(['auth']) },
    )
    expect(result.ok && result.source.auth).toEqual({
      type: 'message',
      template: { action: 'AUTH', token: '{{secret}}' },
      secret: 'neuro-token',
    })
  })

  it('derives an id from a name', () => {
    expect(slugify('Front door cameras!')).toBe('front-door-cameras')
    expect(slugify('  Ünïcode ')).toBe('unicode')
    expect(slugify('x'.repeat(80))).toHaveLength(64)
  })
})
