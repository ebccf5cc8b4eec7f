/**
 * The one path from a transport to a handler: the channel must be registered, the arguments must
 * match the channel's schema, and whatever happens the caller gets a Result envelope (never a
 * thrown error, whose fields would not survive Electron's invoke).
 */

import { issuesText, parseWith, shapeProblem } from '../../../shared/schema-kit'
import { isInvokeChannel, type InvokeChannel } from '../../../shared/ipc'
import { invokeArgSchemas } from '../../../shared/ipc-schemas'
import { fail, ok, toErrorInfo, type Result } from '../../../shared/result'
import type { Logger } from '../util/logger'
import type { InvokeHandlers } from './invoke-handlers'

export async function dispatchInvoke(
  handlers: InvokeHandlers,
  channel: unknown,
  args: unknown,
  logger?: Logger,
): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) {
    return fail('unknown-channel', `"${String(channel).slice(0, 100)}" is not a Vigil channel`)
  }
  if (!Array.isArray(args))
    return fail('invalid-argument', `${channel}: arguments must be an array`)
  const problem = shapeProblem(args)
  if (problem)
    return fail('invalid-argument', `${channel}: arguments ${problem.message}`, [problem])
  try {
    return await validateAndRun(handlers, channel, args)
  } catch (error) {
    const info = toErrorInfo(error)
    if (info.code === 'internal')
      logger?.error(`${channel as InvokeChannel} failed: ${info.message}`)
    return { ok: false, error: info }
  }
}

async function validateAndRun(
  handlers: InvokeHandlers,
  channel: InvokeChannel,
  args: unknown[],
): Promise<Result<unknown>> {
  // The arguments' shape was checked by dispatchInvoke.
  const parsed = parseWith(invokeArgSchemas[channel], args, argumentPath)
  if (!parsed.ok)
    return fail('invalid-argument', `${channel}: ${issuesText(parsed.issues)}`, parsed.issues)
  const handler = handlers[channel] as (...validArgs: unknown[]) => unknown
  return ok(await handler(...(parsed.value as unknown[])))
}

/** `0.sources.1.url` reads better as `sources.1.url` when the call has a single argument. */
function argumentPath(path: string): string {
  return path.replace(/^0(\.|$)/, '') || '(argument)'
}
