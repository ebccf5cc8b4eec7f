/** A stored source turned back into the editor's fields (see source-form.ts for the other way). */

import type { PresetDescriptor } from '../../shared/preset-descriptor'
import type { SourceConfig } from '../../shared/source-config'
import type { FrameMatch, OutgoingMessage } from '../../shared/source-settings'
import { optionsToDrafts } from './preset-form'
import type { RuleForm } from './preset-form'
import { emptyRule, emptySourceForm, type SourceForm } from './source-form'

const text = (value: number | undefined): string => (value === undefined ? '' : String(value))

function messageText(message: OutgoingMessage): string {
  return typeof message === 'string' ? message : JSON.stringify(message, null, 2)
}

function ruleForm(rule: FrameMatch | undefined): RuleForm {
  if (!rule) return emptyRule()
  return { path: rule.path, equals: rule.equals === undefined ? '' : String(rule.equals) }
}

export function sourceToForm(source: SourceConfig, descriptor: PresetDescriptor): SourceForm {
  const form = emptySourceForm(source.preset, descriptor)
  Object.assign(form, {
    options: optionsToDrafts(descriptor, source.options),
    id: source.id,
    name: source.name,
    enabled: source.enabled,
    url: source.url,
    eventTypePath: source.eventTypePath ?? '',
    headers: Object.entries(source.headers).map(([name, value]) => ({ name, value })),
    onOpen: source.onOpen.map(messageText),
    protocols: (source.protocols ?? []).join(', '),
    tlsCaFile: source.tls?.caFile ?? '',
    allowSelfSigned: source.tls?.allowSelfSigned ?? false,
    maxPayloadBytes: text(source.maxPayloadBytes),
    handshakeTimeoutMs: text(source.handshakeTimeoutMs),
    perMessageDeflate: source.perMessageDeflate ?? false,
    pingIntervalMs: text(source.keepalive?.pingIntervalMs),
    pongTimeoutMs: text(source.keepalive?.pongTimeoutMs),
    reconnectInitialMs: text(source.reconnect?.initialMs),
    reconnectMaxMs: text(source.reconnect?.maxMs),
    stableAfterMs: text(source.reconnect?.stableAfterMs),
    silenceMs: text(source.watchdog?.silenceMs),
    deadChannelMs: text(source.watchdog?.deadChannelMs),
  })
  const app = source.keepalive?.app
  if (app === null) form.appPing.mode = 'off'
  else if (app) {
    form.appPing = {
      mode: 'custom',
      message: messageText(app.message),
      intervalMs: String(app.intervalMs),
      expectReply: ruleForm(app.expectReply),
    }
  }
  const auth = source.auth
  if (auth && auth.type !== 'none') {
    form.auth.type = auth.type
    if (auth.secret !== undefined) form.auth.secretRef = auth.secret
    if (auth.type === 'query') form.auth.param = auth.param
    if (auth.type === 'header') {
      form.auth.headerName = auth.name === 'Authorization' ? '' : auth.name
      form.auth.scheme = auth.scheme
      form.auth.username = auth.username ?? ''
    }
    if (auth.type === 'message') {
      form.auth.template = messageText(auth.template)
      form.auth.successWhen = ruleForm(auth.successWhen)
      form.auth.failureWhen = ruleForm(auth.failureWhen)
      form.auth.timeoutMs = text(auth.timeoutMs)
    }
  }
  return form
}
