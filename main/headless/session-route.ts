/**
 * `POST /api/session`: trades the token for the page's session cookie, as opening the printed URL
 * (`?token=`) does, for a page whose session expired (the host restarted with another token) and
 * whose user pastes the token in. A POST body keeps the token out of the address bar, the
 * browser's history and any proxy's request log. The host's Host and Origin checks run first, so
 * no other site can post one; the comparison is constant-time, and the token is never logged.
 */

import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { SESSION_PATH } from '../../shared/bridge'
import { tokenMatches, sessionCookie, type AccessPolicy } from './access'
import { errorBody } from './rest/http-errors'
import { parseOrReject } from './rest/reply'

const sessionBody = z.strictObject({ token: z.string().min(1, 'the token is empty').max(1024) })

export function registerSessionRoute(app: FastifyInstance, policy: () => AccessPolicy): void {
  app.post(SESSION_PATH, (request, reply) => {
    const body = parseOrReject(sessionBody, request.body ?? {}, reply)
    if (!body) return
    const access = policy()
    if (!tokenMatches(access, body.token))
      return reply
        .code(401)
        .send(
          errorBody({ code: 'forbidden', message: 'wrong token: use the one the host printed' }),
        )
    return reply.code(204).header('Set-Cookie', sessionCookie(access)).send()
  })
}
