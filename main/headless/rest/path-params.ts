/** The path parameters of REST routes, checked as the routes always have (400 for a bad one). */

import { z } from 'zod'
import { VigilError } from '../../../shared/result'
import { sourceIdSchema } from '../../../shared/source-config'
import { secretRefSchema } from '../../../shared/source-settings'
import { triggerIdSchema } from '../../../shared/trigger-config'
import { requestPart } from './reply'
import type { RestRequest } from './rest-route'

const sourceParams = z.object({ id: sourceIdSchema })
const triggerParams = z.object({ id: triggerIdSchema })
const secretParams = z.object({ name: secretRefSchema })

/** The source a route's `:id` names. */
export const sourceId = (request: RestRequest): string =>
  requestPart(sourceParams, request.params).id

/** The trigger a route's `:id` names. */
export const triggerId = (request: RestRequest): string =>
  requestPart(triggerParams, request.params).id

/** The secret reference a route's `:name` names. */
export const secretName = (request: RestRequest): string =>
  requestPart(secretParams, request.params).name

/**
 * A body saved under a path's id: the body may leave `id` out (the path's is used), but not give
 * another. Whatever else the body holds is the contract's to check.
 */
export function withPathId(body: unknown, id: string): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body
  if ('id' in body && body.id !== id) {
    const message = `the body's id differs from the path's ("${id}")`
    throw new VigilError('invalid-argument', `id: ${message}`, [{ path: 'id', message }])
  }
  return { ...body, id }
}
