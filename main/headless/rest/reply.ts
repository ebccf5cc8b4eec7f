/** Shared answers of the REST routes: the error envelope, and validation of request parts. */

import type { FastifyReply } from 'fastify'
import type { z } from 'zod'
import { toErrorInfo, VigilError, type ErrorInfo } from '../../../shared/result'
import { issuesText, shapeProblem, parseWith } from '../../../shared/schema-kit'
import { errorBody, httpStatus } from './http-errors'

export function reject(reply: FastifyReply, error: ErrorInfo) {
  return reply.code(httpStatus(error)).send(errorBody(error))
}

/**
 * Parses a request part (query, params, body) that only REST has the shape of, or throws an
 * `invalid-argument` VigilError listing every problem.
 */
export function requestPart<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const problem = shapeProblem(input)
  if (problem) throw new VigilError('invalid-argument', problem.message, [problem])
  const parsed = parseWith(schema, input)
  if (parsed.ok) return parsed.value
  throw new VigilError('invalid-argument', issuesText(parsed.issues), parsed.issues)
}

/** `requestPart` for an adapter route: answers 400 itself and returns undefined on a problem. */
export function parseOrReject<S extends z.ZodType>(
  schema: S,
  input: unknown,
  reply: FastifyReply,
): z.output<S> | undefined {
  try {
    return requestPart(schema, input)
  } catch (error) {
    void reject(reply, toErrorInfo(error))
    return undefined
  }
}
