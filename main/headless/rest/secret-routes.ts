import { z } from 'zod'
import { secretValueSchema } from '../../../shared/secret-ref'
import { secretName } from './path-params'
import { requestPart } from './reply'
import type { AnyRestRoute, RestRequest } from './rest-route'

const valueBody = z.strictObject({ value: secretValueSchema })

/**
 * The value to store: a `text/plain` body as it is (a trailing newline included), or
 * `{"value": "..."}`. Problems are told by path and kind only: no answer or log quotes the value.
 */
function secretValue(request: RestRequest): string {
  return typeof request.body === 'string'
    ? requestPart(secretValueSchema, request.body)
    : requestPart(valueBody, request.body ?? {}).value
}

/**
 * Secrets are write-only: scripts can list the names that have a value and set or delete one,
 * and no route answers a value (the contract has no channel that reads one).
 */
export const secretRoutes: AnyRestRoute[] = [
  {
    method: 'GET',
    path: '/api/secrets',
    channel: 'secret:list',
    answer: (secrets) => ({ secrets }),
  },
  {
    method: 'PUT',
    path: '/api/secrets/:name',
    channel: 'secret:set',
    args: (request) => [secretName(request), secretValue(request)],
    status: 204,
  },
  {
    method: 'DELETE',
    path: '/api/secrets/:name',
    channel: 'secret:delete',
    args: (request) => [secretName(request)],
    status: 204,
  },
]
