/**
 * Serves a table of REST routes through the contract: the same `dispatchInvoke` and handler table
 * as Electron IPC and the headless bridge, so a route validates, runs and fails exactly as its
 * channel does, and every error reaches the client through the one code → status mapping
 * (http-errors.ts).
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { InvokeChannel, InvokeResult } from '../../../shared/ipc'
import { toErrorInfo, type ErrorInfo } from '../../../shared/result'
import { dispatchInvoke } from '../../services/api/dispatch'
import type { InvokeHandlers } from '../../services/api/invoke-handlers'
import type { Logger } from '../../services/util/logger'
import { clip } from '../error-envelope'
import { reject } from './reply'
import type { AnyRestRoute, RestArgs, RestRequest, RestRoute } from './rest-route'

export function registerRouteTable(
  app: FastifyInstance,
  routes: readonly AnyRestRoute[],
  handlers: InvokeHandlers,
  logger: Logger,
): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      // Each entry is typed for its own channel where it is written (rest-route.ts); here any will do.
      handler: (request, reply) =>
        answer(route as RestRoute<InvokeChannel>, request, reply, handlers, logger),
    })
  }
}

async function answer<K extends InvokeChannel>(
  route: RestRoute<K>,
  request: FastifyRequest,
  reply: FastifyReply,
  handlers: InvokeHandlers,
  logger: Logger,
): Promise<FastifyReply> {
  let args: RestArgs<K> | []
  try {
    args = route.args ? route.args(restRequest(request)) : []
  } catch (error) {
    // A VigilError for a request REST cannot read; anything else is a bug in the builder.
    const info = toErrorInfo(error)
    if (info.code === 'internal')
      logger.error(`${route.method} ${route.path} failed: ${info.message}`)
    return reject(reply, clipped(info))
  }
  const result = await dispatchInvoke(handlers, route.channel, args, logger)
  if (!result.ok) return reject(reply, clipped(result.error))
  // dispatchInvoke answers what the channel's handler returned: InvokeResult<K>.
  const value = result.value as InvokeResult<K>
  const status = typeof route.status === 'function' ? route.status(value) : (route.status ?? 200)
  if (status === 204) return reply.code(204).send()
  return reply.code(status).send(route.answer ? route.answer(value) : value)
}

/** A bug's message, as the host's error handler clips it; a VigilError's is the engine's own. */
function clipped(error: ErrorInfo): ErrorInfo {
  return error.code === 'internal' ? { ...error, message: clip(error.message, 300) } : error
}

function restRequest(request: FastifyRequest): RestRequest {
  return {
    // Path parameters are always strings: Fastify's router makes them from the path.
    params: request.params as Record<string, string>,
    query: request.query,
    body: request.body,
    headers: request.headers,
  }
}
