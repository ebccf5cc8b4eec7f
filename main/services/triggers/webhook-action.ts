/**
 * A trigger's webhook action, from its templates to a request handed to the WebhookSender: the
 * secrets it names are looked up first (asynchronously, so the request is queued once they are
 * in), its URL and headers rendered, and what it may send where checked. Every way it can fail
 * goes to `fail`, against its trigger; none throws.
 */

import type { TemplateScope } from '../../../shared/templates'
import type { SecretStore } from '../secrets/secret-store'
import { redactUrl } from '../util/logger'
import { errorText } from '../../../shared/utils/error-text'
import type { CompiledAction, CompiledTrigger } from './compiled-trigger'
import type { WebhookSender } from './webhook-sender'

export type WebhookActionSpec = Extract<CompiledAction, { type: 'webhook' }>

/** Records a failed action against its trigger (and logs it). */
export type ActionFailed = (
  trigger: CompiledTrigger,
  action: CompiledAction,
  message: string,
) => void

export class WebhookActions {
  /** Secret look-ups in progress (webhooks wait for them before they are queued to send). */
  private readonly lookups = new Set<Promise<void>>()

  constructor(
    /** The action runner's ports: the sender, and where secrets are read (none in some runs). */
    private readonly ports: { webhooks: WebhookSender; secrets?: SecretStore },
    private readonly fail: ActionFailed,
  ) {}

  /** Resolves once the secret look-ups started so far have handed their webhooks on. */
  async settleLookups(): Promise<void> {
    while (this.lookups.size > 0) await Promise.all(this.lookups)
  }

  run(action: WebhookActionSpec, trigger: CompiledTrigger, scope: TemplateScope): void {
    const names = [
      ...new Set([
        ...action.url.secretNames,
        ...action.headers.flatMap(([, value]) => value.secretNames),
      ]),
    ]
    if (names.length === 0) return this.send(action, trigger, scope)
    const store = this.ports.secrets
    if (!store) return this.fail(trigger, action, 'secrets are not available in this run')
    const lookup = Promise.all(names.map((name) => store.get(name)))
      .then((values) => {
        const missing = names.filter((_, i) => values[i] === undefined)
        if (missing.length > 0)
          return this.fail(
            trigger,
            action,
            `secret ${missing.map((n) => `"${n}"`).join(', ')} is not set`,
          )
        const secrets = Object.fromEntries(names.map((name, i) => [name, values[i]!]))
        this.send(action, trigger, { ...scope, secrets })
      })
      .catch((error: unknown) => this.fail(trigger, action, errorText(error)))
      .finally(() => this.lookups.delete(lookup))
    this.lookups.add(lookup)
  }

  private send(action: WebhookActionSpec, trigger: CompiledTrigger, scope: TemplateScope): void {
    const url = action.url.render(scope)
    // A secret may sit in the URL path (chat webhooks do that): then only the template is shown.
    const label = `${action.method} ${action.url.secretNames.length > 0 ? action.url.text : redactUrl(url)}`
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
      return this.fail(trigger, action, `${label}: not an http(s) URL after rendering`)
    // Event values are encoded and the origin is literal text, so this cannot differ; it is
    // checked anyway because the request carries secrets, which must go only where the user wrote.
    if (new URL(url).origin !== action.origin)
      return this.fail(trigger, action, `${label}: rendering changed where the request goes`)
    const headers: Record<string, string> = {}
    for (const [name, value] of action.headers) headers[name] = value.render(scope)
    let body: string | undefined
    if (action.method !== 'GET') {
      body = JSON.stringify(
        action.body ? action.body(scope) : { trigger: scope.trigger, event: scope.event },
      )
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
        headers['content-type'] = 'application/json'
    }
    this.ports.webhooks.send(
      {
        url,
        method: action.method,
        headers,
        body,
        timeoutMs: action.timeoutMs,
        retries: action.retries,
        label,
        secrets: Object.values(scope.secrets ?? {}),
      },
      (outcome) => {
        if (outcome.ok) return
        // No attempt at all (refused before sending): the message says why, with nothing to count.
        const { attempts } = outcome
        const after =
          attempts === 0 ? '' : ` (after ${attempts} attempt${attempts === 1 ? '' : 's'})`
        this.fail(trigger, action, `${outcome.message}${after}`)
      },
    )
  }
}
