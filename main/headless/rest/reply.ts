/** Shared answers of the REST routes: the error envelope, and query validation. */

import type { FastifyReply } from 'fastify'
import type { z } from 'zod'
import type { ErrorInfo } from '../../../shared/result'
import { shapeProblem, toIssues } from '../../../shared/schema-kit'
import { errorBody, httpStatus } from './http-errors'

export function reject(reply: FastifyReply, error: ErrorInfo) {
  return reply.code(httpStatus(error)).send(errorBody(error))
}

/** Parses a request part (query, params, body) or answers 400 listing every problem. */
export function parseOrReject<S extends z.ZodType>(
  schema: S,
  input: unknown,
  reply: FastifyReply,
): z.output<S> | undefined {
  const problem = shapeProblem(input)
  if (problem) {
    void reject(reply, { code: 'invalid-argument', message: problem.message, issues: [problem] })
    return undefined
  }
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  const issues = toIssues(parsed.error)
  void reject(reply, {
    code: 'invalid-argument',
    message: issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '),
    issues,
  })
  return undefined
}
