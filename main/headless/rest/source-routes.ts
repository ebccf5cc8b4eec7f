import { z } from 'zod'
import { sendTextSchema } from '../../../shared/ipc-schemas'
import { sourceId, withPathId } from './path-params'
import { requestPart } from './reply'
import { unchecked, type AnyRestRoute } from './rest-route'

/**
 * `{"text": "..."}` sends the string as is; `{"json": <any JSON>}` sends it serialised, which
 * saves scripts from escaping JSON inside JSON. Exactly one of the two. A `text/plain` body is
 * sent as it is.
 */
const sendBody = z
  .strictObject({ text: sendTextSchema.optional(), json: z.json().optional() })
  .refine((body) => (body.text === undefined) !== (body.json === undefined), {
    message: 'send either "text" (a string) or "json" (any JSON value), not both',
  })
  .transform((body) => body.text ?? JSON.stringify(body.json))
  .pipe(sendTextSchema)

/** Sources: each route one contract channel (see rest-route.ts). */
export const sourceRoutes: AnyRestRoute[] = [
  { method: 'GET', path: '/api/sources', channel: 'source:list' },
  /** Adds the source or replaces the settings of the one with this id. */
  {
    method: 'PUT',
    path: '/api/sources/:id',
    channel: 'source:save',
    args: (request) => [unchecked(withPathId(request.body, sourceId(request)))],
  },
  {
    method: 'DELETE',
    path: '/api/sources/:id',
    channel: 'source:remove',
    args: (request) => [sourceId(request)],
    status: 204,
  },
  {
    method: 'POST',
    path: '/api/sources/:id/connect',
    channel: 'source:connect',
    args: (request) => [sourceId(request)],
  },
  {
    method: 'POST',
    path: '/api/sources/:id/disconnect',
    channel: 'source:disconnect',
    args: (request) => [sourceId(request)],
  },
  /** Dials a source that is down and waiting now: 409 `conflict` for one in any other state. */
  {
    method: 'POST',
    path: '/api/sources/:id/retry',
    channel: 'source:retry',
    args: (request) => [sourceId(request)],
  },
  /** Wrapped like every list of the REST API. */
  {
    method: 'GET',
    path: '/api/sources/:id/timeline',
    channel: 'source:timeline',
    args: (request) => [sourceId(request)],
    answer: (timeline) => ({ timeline }),
  },
  /** Dials a draft and answers what happened; the body is the contract's request. */
  {
    method: 'POST',
    path: '/api/sources/test',
    channel: 'source:test',
    args: (request) => [unchecked(request.body ?? {})],
  },
  // The tray's "Pause all" and "Resume all"; both answer every source as GET /api/sources does.
  { method: 'POST', path: '/api/sources/pause-all', channel: 'source:pause-all' },
  { method: 'POST', path: '/api/sources/resume-all', channel: 'source:resume-all' },
  /** 200 `sent`, or 202 `queued` while the source logs in. */
  {
    method: 'POST',
    path: '/api/sources/:id/send',
    channel: 'source:send',
    args: (request) => [
      sourceId(request),
      typeof request.body === 'string'
        ? requestPart(sendTextSchema, request.body)
        : requestPart(sendBody, request.body ?? {}),
    ],
    status: (receipt) => (receipt.status === 'sent' ? 200 : 202),
  },
]
